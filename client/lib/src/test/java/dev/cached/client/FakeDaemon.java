package dev.cached.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.Frame;
import dev.cached.protocol.FrameDecoder;
import dev.cached.protocol.FrameEncoder;
import dev.cached.protocol.Json;
import dev.cached.protocol.ProtocolException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A scripted stand-in for the daemon on a real Unix domain socket: answers each request with what
 * the script returns (null: no answer), and can drop every connection as a dying daemon would.
 *
 * <p>Concurrency: one accept thread ({@code fake-daemon-accept}) and one thread per connection
 * ({@code fake-daemon-conn}); received requests are published through a blocking queue.
 */
final class FakeDaemon implements AutoCloseable {
  private final ServerSocketChannel server;
  private final Function<ObjectNode, ObjectNode> script;
  private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
  /** Every request received, in order. */
  final LinkedBlockingQueue<ObjectNode> received = new LinkedBlockingQueue<>();
  private final Thread acceptor;

  FakeDaemon(Path socket, Function<ObjectNode, ObjectNode> script) throws IOException {
    Files.createDirectories(socket.getParent());
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    this.script = script;
    this.acceptor = new Thread(this::acceptLoop, "fake-daemon-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A hello answer as the real daemon gives, speaking {@code protocols}. */
  static ObjectNode helloOk(long id, int... protocols) {
    ObjectNode ok = Json.object().put("id", id).put("ok", true).put("server", "cached/9.9.9").put("protocol", protocols[0]);
    for (int p : protocols) {
      ok.withArray("protocols").add(p);
    }
    return ok;
  }

  static ObjectNode ok(ObjectNode request) {
    return Json.object().put("id", request.path("id").asLong()).put("ok", true);
  }

  static ObjectNode error(ObjectNode request, String code, String message) {
    ObjectNode e = Json.object().put("id", request.path("id").asLong()).put("ok", false);
    e.putObject("error").put("code", code).put("message", message);
    return e;
  }

  private void acceptLoop() {
    try {
      while (true) {
        SocketChannel ch = server.accept();
        connections.add(ch);
        Thread t = new Thread(() -> serve(ch), "fake-daemon-conn");
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException closed) {
      // the server was closed
    }
  }

  private void serve(SocketChannel ch) {
    FrameDecoder decoder = new FrameDecoder(65536, 64 * 1024 * 1024);
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    try {
      while (ch.read(buf.clear()) >= 0) {
        buf.flip();
        Frame f;
        while ((f = decoder.decode(buf)) != null) {
          received.add(f.header());
          ObjectNode answer = script.apply(f.header());
          if (answer != null) {
            ByteBuffer head = FrameEncoder.head(answer, 0);
            while (head.hasRemaining()) {
              ch.write(head);
            }
          }
        }
      }
    } catch (IOException | ProtocolException e) {
      // the connection was dropped
    } finally {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  /** Drops every connection at once, as a killed daemon does. */
  void dropConnections() throws IOException {
    for (SocketChannel ch : connections) {
      ch.close();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropConnections();
  }
}
