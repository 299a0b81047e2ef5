package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.client.CachedClient;
import java.nio.file.Files;
import java.nio.file.Path;
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
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!d.output().substring(afterBurst).contains(TRIMMED) && System.nanoTime() < deadline) {
        synchronized (this) {
          wait(100); // polling the daemon's log for its trim, with a deadline
        }
      }
      String log = d.output().substring(afterBurst);
      assertTrue(log.contains(TRIMMED), "no trim logged within 60 s after the burst:\n" + d.output());
      String line = log.substring(log.indexOf(TRIMMED)).lines().findFirst().orElseThrow();
      assertTrue(line.contains("Trim native heap"), "the JVM's System.trim_native_heap ran: " + line);
      assertArrayEquals(data, Files.readAllBytes(root.resolve("b/2999")));
    }
  }
}
