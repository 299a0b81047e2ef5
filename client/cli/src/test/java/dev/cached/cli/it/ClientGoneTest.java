package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cached.protocol.Ack;
import dev.cached.protocol.FrameEncoder;
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
    daemon = new DaemonProcess(dir).start();
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  @Test
  void burstThenExitWithoutReading_everyWriteLands() throws Exception {
    Path root = Files.createDirectories(dir.resolve("gone"));
    int n = 600;
    byte[] body = new byte[2048];
    Arrays.fill(body, (byte) 'x');
    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      byte[] payload = (i + ":" + new String(body, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
      ByteBuffer frame = FrameEncoder.encode(new Request.Write(i + 1, "w/" + i, Ack.QUEUED, payload).frame());
      burst.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
    }
    RawConnection c = new RawConnection(daemon.socket()).hello(root);
    c.send(burst.toByteArray());
    c.close(); // gone: no answer read, unread answers left behind
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
