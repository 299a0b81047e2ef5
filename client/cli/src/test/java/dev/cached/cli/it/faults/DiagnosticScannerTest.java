package dev.cached.cli.it.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.cli.it.Await;
import dev.cached.cli.it.DaemonProcess;
import dev.cached.client.CachedClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code faults.holdShare} diagnostic: an emulated scanner holds every target; writes retry and land. */
class DiagnosticScannerTest {
  @TempDir Path tmp;

  @Test
  void emulatedScannerMakesEveryWriteRetryAndStillLand() throws Exception {
    Path config = Files.writeString(tmp.resolve("config.toml"), "[faults]\nholdShare = 1.0\nholdTime = \"2s\"\n");
    Path root = tmp.resolve("cache");
    try (DaemonProcess daemon = new DaemonProcess(Files.createDirectories(tmp.resolve("d"))).start("--config", config.toString());
        CachedClient c = daemon.client(root);
        CachedClient admin = daemon.admin()) {
      String log = Files.readString(daemon.stateDir().resolve("cached.log"));
      assertTrue(log.contains("DIAGNOSTIC emulated scanner"), "the log says the diagnostic is on:\n" + log);
      c.write("a.json", new byte[] {1}).get();
      // the scanner holds the target 2 s from the first attempt: acked, and not yet there
      assertTrue(Files.notExists(root.resolve("a.json")), "a queued ack does not wait for the scanner");
      Await.result(Duration.ofSeconds(5), "status shows the held write retrying",
          () -> admin.status().path("retrying").size() == 1 ? true : null);
      assertTrue(admin.status().path("retrying").get(0).path("lastError").asText().matches(".*(AccessDenied|being used by another process).*"));
      long t1 = System.nanoTime();
      assertEquals("written", c.writeDurable("b.json", new byte[] {2}));
      assertTrue(System.nanoTime() - t1 >= Duration.ofMillis(1900).toNanos(), "a durable write waits out the emulated hold");
      assertTrue(c.flush().ok());
      assertArrayEquals(new byte[] {1}, Files.readAllBytes(root.resolve("a.json")));
      assertTrue(admin.status().path("totals").path("retries").asLong() > 2);
    }
  }
}
