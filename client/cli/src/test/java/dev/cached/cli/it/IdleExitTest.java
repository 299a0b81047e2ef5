package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.client.CachedClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code idleTimeout}: the daemon exits when idle, and never while a write is queued or retrying. */
class IdleExitTest {
  @TempDir Path dir;

  @Test
  void idleExitWaitsForARetryingWriteAndLandsEveryQueuedWrite() throws Exception {
    Path root = dir.resolve("root");
    Files.createDirectories(root);
    Path held = root.resolve("held");
    Files.writeString(held, "old");
    try (DaemonProcess d = new DaemonProcess(dir).start("--idleTimeout", "1s", "--retry.deadline", "10m");
        Immutable hold = Immutable.hold(held)) {
      Map<String, byte[]> expected = new HashMap<>();
      try (CachedClient c = d.client(root)) {
        c.write("held", "new".getBytes()).get();
        Random r = new Random(3);
        List<CompletableFuture<ObjectNode>> acks = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          byte[] data = new byte[r.nextInt(16 * 1024)];
          r.nextBytes(data);
          acks.add(c.write("burst/" + (i % 100), data));
          expected.put("burst/" + (i % 100), data);
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture<?>[]::new)).get(); // every write above is accepted
        SignalTest.awaitRetrying(d, "held");
      } // disconnected: from here only the retrying write keeps the daemon busy
      // Three idle timeouts pass with no connection; the parked retry must keep the daemon alive.
      assertFalse(d.process().waitFor(3, TimeUnit.SECONDS), "exited while a write was retrying:\n" + d.output());
      hold.release();
      assertEquals(0, d.awaitExit(Duration.ofSeconds(30)), d.output());
      assertTrue(d.output().contains("idle for"), d.output());
      assertEquals("new", Files.readString(held));
      for (Map.Entry<String, byte[]> e : expected.entrySet()) {
        assertArrayEquals(e.getValue(), Files.readAllBytes(root.resolve(e.getKey())), e.getKey());
      }
      assertFalse(Files.exists(d.socket()), "socket removed");
      assertFalse(Files.exists(d.lockFile()), "lock removed");
    }
  }

  /** Needs no chattr: a burst queued just before the last connection leaves is all on disk at exit. */
  @Test
  void idleExitComesOnlyAfterAQueuedBurstIsOnDisk() throws Exception {
    Path root = dir.resolve("burst");
    try (DaemonProcess d = new DaemonProcess(dir).start("--idleTimeout", "1s")) {
      Map<String, byte[]> expected = new HashMap<>();
      try (CachedClient c = d.client(root)) {
        Random r = new Random(4);
        List<CompletableFuture<ObjectNode>> acks = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
          byte[] data = new byte[r.nextInt(64 * 1024)];
          r.nextBytes(data);
          acks.add(c.write("f" + (i % 400), data));
          expected.put("f" + (i % 400), data);
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture<?>[]::new)).get();
      }
      assertEquals(0, d.awaitExit(Duration.ofSeconds(60)), d.output());
      for (Map.Entry<String, byte[]> e : expected.entrySet()) {
        assertArrayEquals(e.getValue(), Files.readAllBytes(root.resolve(e.getKey())), e.getKey());
      }
      assertTrue(d.output().contains("draining 0 pending ops"), "idle exit starts only once the queue is empty:\n" + d.output());
    }
  }
}
