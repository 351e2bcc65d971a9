package io.deepalpha.executor.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP endpoint that reads and drops everything, never answering and never allocating per
 * read (one direct buffer per connection), so that it adds nothing to an allocation profile.
 */
public final class DiscardSink implements AutoCloseable {
  private final ServerSocketChannel server;
  private final List<SocketChannel> channels = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  public DiscardSink() throws IOException {
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::acceptLoop, "discard-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String url() throws IOException {
    return "http://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel ch = server.accept();
        channels.add(ch);
        Thread reader = new Thread(() -> drain(ch), "discard-read");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void drain(SocketChannel ch) {
    ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
    try {
      while (ch.read(buf) >= 0) {
        buf.clear();
      }
    } catch (IOException e) {
      // peer closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (SocketChannel ch : channels) {
      ch.close();
    }
  }
}
