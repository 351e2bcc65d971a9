package io.deepalpha.executor.venue.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLSocketFactory;

/**
 * One keep-alive HTTP/1.1 connection to a venue with at most one request in flight. The executor
 * thread writes request bytes straight to the socket ({@link #write}); a reader thread of this
 * connection connects, reconnects with backoff, parses responses and hands each to {@code
 * onResponse} together with the request's tag. https uses the JDK's TLS socket; http (a local
 * simulator) a plain one with TCP_NODELAY.
 */
public final class HttpConnection implements AutoCloseable {
  private final URI endpoint;
  private final String name;
  private final BiConsumer<Object, HttpResponse> onResponse;
  private final BiConsumer<Object, IOException> onLost;
  private final Thread reader;
  private volatile Socket socket;
  private volatile OutputStream out;

  /** Plain connections write through the channel from a reused direct buffer: no allocation. */
  private volatile SocketChannel channel;

  private final ByteBuffer direct = ByteBuffer.allocateDirect(16 * 1024);
  private volatile boolean connected;
  private volatile boolean closed;

  /**
   * The tag of the request in flight; set by the writer before writing. Whoever clears it (the
   * reader with a response or a lost connection, the writer on a failed write or a timeout) reports
   * the request's fate, so it is reported exactly once.
   */
  private final AtomicReference<Object> inFlight = new AtomicReference<>();

  public long deadlineNs;

  public HttpConnection(
      URI endpoint,
      String name,
      BiConsumer<Object, HttpResponse> onResponse,
      BiConsumer<Object, IOException> onLost) {
    this.endpoint = endpoint;
    this.name = name;
    this.onResponse = onResponse;
    this.onLost = onLost;
    this.reader = new Thread(this::readLoop, name);
    reader.setDaemon(true);
    reader.start();
  }

  public boolean connected() {
    return connected;
  }

  public boolean idle() {
    return connected && inFlight.get() == null;
  }

  public Object inFlight() {
    return inFlight.get();
  }

  /** Takes over the request in flight if it is still {@code tag}; true when the caller owns it. */
  public boolean takeInFlight(Object tag) {
    return inFlight.compareAndSet(tag, null);
  }

  /** Writes one complete request; the tag comes back with its response. */
  public void write(Object tag, byte[] request, int length, long deadlineNs) throws IOException {
    this.deadlineNs = deadlineNs;
    inFlight.set(tag);
    SocketChannel ch = channel;
    if (ch != null) {
      direct.clear();
      direct.put(request, 0, length).flip();
      while (direct.hasRemaining()) {
        ch.write(direct);
      }
      return;
    }
    OutputStream o = out;
    if (o == null) {
      throw new IOException(name + " not connected");
    }
    o.write(request, 0, length);
    o.flush();
  }

  /** Drops the connection (an overdue answer must not be matched to a later request). */
  public void abort() {
    connected = false;
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private void readLoop() {
    long backoffMs = 50;
    while (!closed) {
      try {
        Socket s = open();
        socket = s;
        channel = s.getChannel();
        out = s.getOutputStream();
        connected = true;
        backoffMs = 50;
        InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        while (!closed) {
          HttpResponse response = readResponse(in);
          Object tag = inFlight.getAndSet(null);
          if (tag != null) {
            onResponse.accept(tag, response);
          }
          if ("close".equalsIgnoreCase(response.header("connection"))) {
            throw new EOFException("server closed the connection");
          }
        }
      } catch (IOException e) {
        connected = false;
        out = null;
        channel = null;
        Object tag = inFlight.getAndSet(null);
        if (tag != null) {
          onLost.accept(tag, e);
        }
        abort();
        if (closed) {
          return;
        }
        try {
          Thread.sleep(backoffMs);
        } catch (InterruptedException ie) {
          return;
        }
        backoffMs = Math.min(5_000, backoffMs * 2);
      }
    }
  }

  private Socket open() throws IOException {
    boolean tls = "https".equals(endpoint.getScheme());
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : tls ? 443 : 80;
    if (!tls) {
      SocketChannel ch = SocketChannel.open();
      ch.socket().setTcpNoDelay(true);
      ch.socket().connect(new InetSocketAddress(endpoint.getHost(), port), 5_000);
      return ch.socket();
    }
    Socket s = SSLSocketFactory.getDefault().createSocket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(endpoint.getHost(), port), 5_000);
    ((javax.net.ssl.SSLSocket) s).startHandshake();
    return s;
  }

  static HttpResponse readResponse(InputStream in) throws IOException {
    String statusLine = readLine(in);
    if (!statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, String> headers = new HashMap<>();
    String line;
    while (!(line = readLine(in)).isEmpty()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (true) {
        int size = Integer.parseInt(readLine(in).split(";")[0].strip(), 16);
        if (size == 0) {
          while (!readLine(in).isEmpty()) {
            // trailers
          }
          break;
        }
        b.write(in.readNBytes(size));
        readLine(in);
      }
      body = b.toByteArray();
    } else {
      String length = headers.get("content-length");
      body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
    }
    return new HttpResponse(status, headers, body);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int n = s.length();
        return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
      }
      s.append((char) c);
    }
    throw new EOFException("connection closed");
  }

  @Override
  public void close() {
    closed = true;
    abort();
    reader.interrupt();
  }
}
