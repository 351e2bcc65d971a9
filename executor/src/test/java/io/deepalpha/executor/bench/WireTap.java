package io.deepalpha.executor.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP pass-through in front of a local venue endpoint that notes when the first byte of every
 * new-order request arrives on the wire ({@code System.nanoTime()} right after the read returns),
 * keyed by the request's {@code newClientOrderId}. Benchmarks stop their clock here rather than in
 * the venue simulator's handler, whose HTTP server adds its own parsing and thread hand-off.
 * Answers are forwarded untouched, so the client under test sees the real venue simulator.
 */
public final class WireTap implements AutoCloseable {
  private static final byte[] CLIENT_ID = "newClientOrderId=".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final ConcurrentHashMap<String, Long> arrivals = new ConcurrentHashMap<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile Thread waiter;
  private volatile boolean closed;

  public WireTap(int targetPort) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "wiretap-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /**
   * When the first byte of the new order with this client id arrived, waiting up to the timeout;
   * null when it did not. The caller parks: the tap's thread takes the timestamp, not the caller.
   */
  public Long awaitArrival(String clientOrderId, long timeoutNs) {
    long deadline = System.nanoTime() + timeoutNs;
    waiter = Thread.currentThread();
    try {
      Long at;
      while ((at = arrivals.get(clientOrderId)) == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(1)));
      }
      return at;
    } finally {
      waiter = null;
    }
  }

  public int orders() {
    return arrivals.size();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.setTcpNoDelay(true);
        upstream.connect(target, 5_000);
        client.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        start("wiretap-up", () -> pumpRequests(client, upstream));
        start("wiretap-down", () -> pump(upstream, client));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private static void start(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  private static void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      // the other side went away
    }
  }

  /**
   * Forwards requests and splits the byte stream into HTTP requests (headers + Content-Length) to
   * pair each new order's client id with the arrival time of the request's first byte; the client
   * id may come in a later read than the first byte (a client that writes headers and body apart).
   */
  private void pumpRequests(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    RequestSplitter splitter = new RequestSplitter();
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        long now = System.nanoTime();
        out.write(buf, 0, n);
        for (RequestSplitter.Request r : splitter.feed(buf, n, now)) {
          String id = r.newClientOrderId();
          if (id != null && r.line().startsWith("POST ")) {
            arrivals.putIfAbsent(id, r.firstByteNs());
            Thread w = waiter;
            if (w != null) {
              LockSupport.unpark(w);
            }
          }
        }
      }
    } catch (IOException e) {
      // the other side went away
    }
  }

  /** Cuts a stream of HTTP/1.1 requests into whole requests; not thread-safe (one per stream). */
  static final class RequestSplitter {
    record Request(String line, String text, long firstByteNs) {
      String newClientOrderId() {
        int at = indexOf(text.getBytes(StandardCharsets.ISO_8859_1), CLIENT_ID);
        if (at < 0) {
          return null;
        }
        int start = at + CLIENT_ID.length;
        int end = start;
        while (end < text.length() && "& \r\n".indexOf(text.charAt(end)) < 0) {
          end++;
        }
        return text.substring(start, end);
      }
    }

    private byte[] pending = new byte[0];
    private long firstByteNs;

    List<Request> feed(byte[] chunk, int length, long nowNs) {
      if (pending.length == 0) {
        firstByteNs = nowNs;
      }
      byte[] joined = new byte[pending.length + length];
      System.arraycopy(pending, 0, joined, 0, pending.length);
      System.arraycopy(chunk, 0, joined, pending.length, length);
      List<Request> out = new ArrayList<>();
      int from = 0;
      while (true) {
        int headersEnd = indexOf(joined, from, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (headersEnd < 0) {
          break;
        }
        String headers = new String(joined, from, headersEnd - from, StandardCharsets.ISO_8859_1);
        int total = headersEnd + 4 - from + contentLength(headers);
        if (joined.length - from < total) {
          break;
        }
        String text = new String(joined, from, total, StandardCharsets.ISO_8859_1);
        int lineEnd = headers.indexOf("\r\n");
        String line = lineEnd < 0 ? headers : headers.substring(0, lineEnd);
        out.add(new Request(line, text, firstByteNs));
        from += total;
        firstByteNs = nowNs; // a further request in the same read arrived now as well
      }
      pending = java.util.Arrays.copyOfRange(joined, from, joined.length);
      return out;
    }

    private static int contentLength(String headers) {
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0
            && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
          return Integer.parseInt(line.substring(colon + 1).trim());
        }
      }
      return 0;
    }
  }

  static int indexOf(byte[] data, byte[] what) {
    return indexOf(data, 0, what);
  }

  static int indexOf(byte[] data, int from, byte[] what) {
    outer:
    for (int i = from; i <= data.length - what.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (data[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
