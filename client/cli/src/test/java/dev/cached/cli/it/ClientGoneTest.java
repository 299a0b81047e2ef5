package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cached.client.CachedClient;
import dev.cached.client.Transport;
import dev.cached.protocol.Ack;
import dev.cached.protocol.Endpoint;
import dev.cached.protocol.FrameEncoder;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.Request;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that sends a burst and exits without reading a single answer (mypy ends with {@code
 * os._exit}) still gets every request it sent carried out.
 *
 * <p>Regression: the daemon's first answer written to the gone peer failed, Netty closed the channel
 * on that write error, and the frame loop stopped at the closed channel, so the requests already in
 * the daemon's buffers and the socket's were dropped (30 of 300 writes landed in the Python
 * client's os._exit test). Child channels now keep reading to the end of the stream after a write
 * error ({@code AUTO_CLOSE} off).
 */
class ClientGoneTest {
  @TempDir static Path dir;
  static DaemonProcess daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = new DaemonProcess(dir).start("--listen", "unix,tcp");
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  @Test
  void burstThenExitWithoutReading_everyWriteLands() throws Exception {
    Path root = Files.createDirectories(dir.resolve("gone-unix"));
    burstThenGone(new RawConnection(daemon.socket()).hello(root), root);
  }

  /**
   * Over TCP a close with answers unread is a reset that drops what the client's kernel has not
   * transmitted yet, so a TCP client ends its side and reads to the end first (as both clients do
   * at close and at exit): then everything it sent lands.
   */
  @Test
  void overTcp_burstThenEndOfStream_everyWriteLands() throws Exception {
    Path root = Files.createDirectories(dir.resolve("gone-tcp"));
    RawConnection c = RawConnection.tcp(daemon.socket());
    String cookie = Endpoint.read(daemon.endpointFile()).cookie();
    c.send(new Request.Hello(0, Protocol.VERSION, "gone", ProcessHandle.current().pid(), root.toString(), false)
        .withCookie(cookie).header(), new byte[0]);
    ObjectNode a = c.read(Duration.ofSeconds(10));
    assertTrue(a != null && a.path("ok").asBoolean(), String.valueOf(a));
    burstThenGone(c, root);
  }

  /** The Java client's close over TCP hands everything over before the socket goes. */
  @Test
  void javaClientOverTcp_closeWithoutFlush_everyWriteLands() throws Exception {
    Path root = Files.createDirectories(dir.resolve("close-tcp"));
    int n = 3000;
    byte[] body = new byte[2048];
    try (CachedClient c = CachedClient.connect(
        CachedClient.options().socket(daemon.socket()).root(root).transport(Transport.TCP))) {
      for (int i = 0; i < n; i++) {
        c.write("c/" + i, body);
      }
    }
    Await.until(Duration.ofSeconds(60), () -> Files.exists(root.resolve("c/" + (n - 1)))
        && java.util.stream.IntStream.range(0, n).allMatch(i -> Files.exists(root.resolve("c/" + i))),
        () -> "every one of the " + n + " writes of a client closed without a flush to land under " + root);
  }

  /** Sends writes w/0.. on {@code c} (hello done) in one go, closes without reading, waits for all. */
  private static void burstThenGone(RawConnection c, Path root) throws Exception {
    int n = 600;
    byte[] body = new byte[2048];
    Arrays.fill(body, (byte) 'x');
    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      byte[] payload = (i + ":" + new String(body, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
      ByteBuffer frame = FrameEncoder.encode(new Request.Write(i + 1, "w/" + i, Ack.QUEUED, payload).frame());
      burst.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
    }
    c.send(burst.toByteArray());
    if (c.tcp()) {
      c.shutdownOutput();
      assertTrue(c.closedWithin(Duration.ofSeconds(60)), "the daemon closes its side once it has read everything");
    }
    c.close(); // gone: over the Unix socket with every answer left unread
    Await.until(Duration.ofSeconds(60), () -> {
      for (int i = 0; i < n; i++) {
        if (!Files.exists(root.resolve("w/" + i))) {
          return false;
        }
      }
      return true;
    }, () -> "every one of the " + n + " writes sent before the client left to land under " + root);
    byte[] last = ((n - 1) + ":" + new String(body, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(last, Files.readAllBytes(root.resolve("w/" + (n - 1))));
  }
}
