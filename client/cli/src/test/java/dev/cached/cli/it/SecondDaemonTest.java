package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.client.CachedClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: a second daemon on a socket already served exited and, on its way out, deleted the
 * first daemon's socket, so clients saw "No such file or directory" (AutostartRaceTest under load).
 */
class SecondDaemonTest {
  @TempDir Path dir;

  @Test
  void aSecondDaemonExitsAndLeavesTheFirstOnesSocketInPlace() throws Exception {
    try (DaemonProcess first = new DaemonProcess(dir).start();
        DaemonProcess second = new DaemonProcess(dir)) {
      try {
        second.start();
      } catch (IOException expected) {
        // it exits before answering: the socket answering is the first one's
      }
      assertNotEquals(0, second.awaitExit(Duration.ofSeconds(60)), second.output());
      assertTrue(second.output().contains("is serving"), second.output());
      assertTrue(Files.exists(first.socket()), "the first daemon's socket is still there");
      try (CachedClient admin = first.admin()) {
        assertEquals(first.pid(), admin.status().path("pid").asLong());
      }
    }
  }
}
