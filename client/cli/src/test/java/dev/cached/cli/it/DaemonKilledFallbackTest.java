package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.client.CacheWriter;
import dev.cached.client.CachedClient;
import dev.cached.client.FlushResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon is SIGKILLed while a {@link CacheWriter} streams writes: nothing hangs, every
 * path ends with the caller's last bytes (redone in-process where the daemon's fate was unknown),
 * the switch is reported once, and once a daemon answers again the writer goes back to it.
 */
@Timeout(120)
class DaemonKilledFallbackTest {
  @TempDir Path dir;

  @Test
  void daemonKilledMidStream_lastBytesWinAndTheWriterLaterReconnects() throws Exception {
    Path root = dir.resolve("root");
    long seed = System.nanoTime();
    Random r = new Random(seed);
    Map<String, byte[]> last = new HashMap<>();
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Logger jul = Logger.getLogger("dev.cached.client");
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord rec) {
        if (rec.getLevel() == Level.WARNING) {
          warnings.add(rec);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(h);
    try (DaemonProcess daemon = new DaemonProcess(dir).start();
        CacheWriter w = CacheWriter.open(CacheWriter.options().socket(daemon.socket()).root(root)
            .reconnectInterval(Duration.ZERO))) {
      assertTrue(w.connected());
      FlushResult result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        for (int i = 0; i < 2000; i++) {
          if (i == 1000) {
            daemon.kill(); // SIGKILL; returns once the process is gone
          }
          String path = "p/" + r.nextInt(200) + ".json";
          byte[] data = new byte[r.nextInt(16 * 1024)];
          r.nextBytes(data);
          w.write(path, data);
          last.put(path, data);
          if (i == 1000) {
            assertFalse(w.connected(), "the write after the kill went in-process");
          }
        }
        return w.flush();
      });
      assertTrue(result.ok(), "seed " + seed + ": " + result.failed());
      for (Map.Entry<String, byte[]> e : last.entrySet()) {
        assertArrayEquals(e.getValue(), Files.readAllBytes(root.resolve(e.getKey())), "seed " + seed + ": " + e.getKey());
      }
      assertEquals(1, warnings.size(), "reported once, not per write");
      assertTrue(warnings.get(0).getMessage().contains("went away"), warnings.get(0).getMessage());

      daemon.start(); // a new daemon on the same socket
      w.write("after.json", new byte[] {42});
      assertTrue(w.connected(), "reconnected");
      assertTrue(w.flush().ok());
      assertArrayEquals(new byte[] {42}, Files.readAllBytes(root.resolve("after.json")));
      try (CachedClient admin = daemon.admin()) {
        assertEquals(1, admin.status().path("totals").path("accepted").asLong(), "the new daemon wrote it");
      }
    } finally {
      jul.removeHandler(h);
    }
  }
}
