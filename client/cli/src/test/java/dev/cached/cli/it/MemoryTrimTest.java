package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.client.CachedClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A daemon gives memory back once it has been quiet after a burst (HeapTrim), through its JVM's trim. */
class MemoryTrimTest {
  private static final String TRIMMED = "memory trim after ";

  @TempDir Path dir;

  @Test
  @EnabledOnOs(value = OS.LINUX, disabledReason = "malloc_trim is glibc's; elsewhere the JVM reports it unavailable")
  void aQuietDaemonTrimsAfterABurst() throws Exception {
    Path root = dir.resolve("root");
    try (DaemonProcess d = new DaemonProcess(dir).start()) {
      byte[] data = new byte[4096];
      Arrays.fill(data, (byte) 't');
      try (CachedClient c = d.client(root)) {
        CompletableFuture<?> last = null;
        for (int i = 0; i < 3000; i++) {
          last = c.write("b/" + i, data);
        }
        last.get();
        c.flush();
      }
      int afterBurst = d.output().length();
      String line = Await.result(Duration.ofSeconds(60), "a trim logged after the burst", () -> {
        String log = d.output().substring(afterBurst);
        int at = log.indexOf(TRIMMED);
        return at < 0 ? null : log.substring(at).lines().findFirst().orElseThrow();
      });
      assertTrue(line.contains("Trim native heap"), "the JVM's System.trim_native_heap ran: " + line);
      assertArrayEquals(data, Files.readAllBytes(root.resolve("b/2999")));
    }
  }
}
