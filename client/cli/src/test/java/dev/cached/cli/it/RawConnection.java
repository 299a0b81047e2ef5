package dev.cached.cli.it;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.Frame;
import dev.cached.protocol.FrameDecoder;
import dev.cached.protocol.FrameEncoder;
import dev.cached.protocol.Endpoint;
import dev.cached.protocol.Json;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.ProtocolException;
import dev.cached.protocol.Request;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** A byte-level connection for sending malformed input and reading answers, with deadlines. */
public final class RawConnection implements AutoCloseable {
  private final SocketChannel ch;
  private final FrameDecoder decoder = new FrameDecoder(65536, 0);
  private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
  private final Selector selector;

  public RawConnection(Path socket) throws IOException {
    this(unix(socket));
  }

  /** Over a connected channel (TCP, see {@link #tcp}). */
  public RawConnection(SocketChannel connected) throws IOException {
    ch = connected;
    ch.configureBlocking(false);
    selector = Selector.open();
    ch.register(selector, SelectionKey.OP_READ);
    in.flip();
  }

  /** To the TCP listener of the daemon on {@code socket}, at the address of its endpoint file; no hello sent. */
  public static RawConnection tcp(Path socket) throws IOException {
    return new RawConnection(tcpChannel(socket));
  }

  static SocketChannel unix(Path socket) throws IOException {
    SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
    c.connect(UnixDomainSocketAddress.of(socket));
    return c;
  }

  static SocketChannel tcpChannel(Path socket) throws IOException {
    Endpoint e = Endpoint.read(Endpoint.fileOf(socket));
    return SocketChannel.open(new InetSocketAddress(e.host(), e.port()));
  }

  public RawConnection send(byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      if (ch.write(b) == 0) {
        Thread.onSpinWait();
      }
    }
    return this;
  }

  public RawConnection send(ObjectNode header, byte[] payload) throws IOException {
    ByteBuffer head = FrameEncoder.head(header, payload.length);
    byte[] all = new byte[head.remaining() + payload.length];
    head.get(all, 0, head.remaining());
    System.arraycopy(payload, 0, all, all.length - payload.length, payload.length);
    return send(all);
  }

  public RawConnection sendJson(String json) throws IOException {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(4 + h.length).putInt(h.length).put(h);
    return send(b.array());
  }

  public RawConnection hello(Path root) throws IOException {
    send(new Request.Hello(0, Protocol.VERSION, "raw", ProcessHandle.current().pid(), root == null ? null : root.toString(), false)
        .header(), new byte[0]);
    ObjectNode a = read(Duration.ofSeconds(10));
    if (a == null || !a.path("ok").asBoolean()) {
      throw new IOException("hello refused: " + a);
    }
    return this;
  }

  /** The next answer, or null when the daemon closed the connection; fails after the deadline. */
  public ObjectNode read(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Frame f = decoder.decode(in);
        if (f != null) {
          return f.header();
        }
      } catch (ProtocolException e) {
        throw new IOException("daemon sent a bad frame: " + e.getMessage(), e);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IOException("no answer within " + timeout);
      }
      selector.select(Math.max(1, left / 1_000_000));
      selector.selectedKeys().clear();
      in.compact();
      int n;
      try {
        n = ch.read(in);
      } catch (IOException e) {
        in.flip();
        return null; // reset by peer: closed
      }
      in.flip();
      if (n < 0) {
        return null;
      }
    }
  }

  /** True when the daemon closes the connection (after any answers) within the deadline. */
  public boolean closedWithin(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()))) == null) {
          return true;
        }
      } catch (IOException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("no answer")) {
          return false;
        }
        throw e;
      }
    }
    return false;
  }

  /** True when this connection is TCP (not a Unix socket). */
  public boolean tcp() throws IOException {
    return ch.getRemoteAddress() instanceof InetSocketAddress;
  }

  /** Ends this side of the stream (the daemon reads to its end, then closes). */
  public void shutdownOutput() throws IOException {
    ch.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    selector.close();
    ch.close();
  }
}
