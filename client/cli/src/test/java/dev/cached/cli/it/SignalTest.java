package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.client.CachedClient;
import dev.cached.fs.fakes.NoTempLeft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals to a real daemon process: SIGTERM drains like {@code cached stop}; a first SIGINT drains,
 * a second one stops at once; either way the socket and lock are removed. A target held with
 * {@code chattr +i} keeps one write retrying, so the drain is still running when the test looks.
 */
@DisabledOnOs(value = OS.WINDOWS,
    disabledReason = "no POSIX signals: Windows sends a background process no SIGTERM or SIGINT; 'cached stop' is the way there")
class SignalTest {
  @RegisterExtension final NoTempLeft noTempLeft = new NoTempLeft();
  @TempDir Path dir;

  @Test
  void sigtermDrainsEveryAcceptedWriteIncludingOneStillRetrying() throws Exception {
    Path root = noTempLeft.watch(dir.resolve("root"));
    Files.createDirectories(root);
    Path held = root.resolve("held");
    Files.writeString(held, "old");
    try (DaemonProcess d = new DaemonProcess(dir).start("--drainTimeout", "1m");
        Immutable hold = Immutable.hold(held)) {
      Map<String, byte[]> expected = new HashMap<>();
      try (CachedClient c = d.client(root)) {
        c.write("held", "new".getBytes()).get();
        Random r = new Random(5);
        List<CompletableFuture<ObjectNode>> acks = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
          byte[] data = new byte[r.nextInt(32 * 1024)];
          r.nextBytes(data);
          String path = "p" + (i % 200);
          acks.add(c.write(path, data));
          expected.put(path, data);
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture<?>[]::new)).get(); // every write above is accepted
        awaitRetrying(d, "held");
      }
      d.signal("TERM");
      Await.until(Duration.ofSeconds(30), () -> d.output().contains("SIGTERM: draining"), d::output);
      assertFalse(d.process().waitFor(300, java.util.concurrent.TimeUnit.MILLISECONDS), "the drain waits for the held write");
      hold.release();
      assertEquals(0, d.awaitExit(Duration.ofSeconds(60)), d.output());
      assertEquals("new", Files.readString(held));
      for (Map.Entry<String, byte[]> e : expected.entrySet()) {
        assertArrayEquals(e.getValue(), Files.readAllBytes(root.resolve(e.getKey())), e.getKey());
      }
      assertFalse(Files.exists(d.socket()), "socket removed");
      assertFalse(Files.exists(d.lockFile()), "lock removed");
    }
  }

  @Test
  void secondSigintStopsAtOnceAndStillRemovesSocketAndLock() throws Exception {
    Path root = dir.resolve("root");
    Files.createDirectories(root);
    Path held = root.resolve("held");
    Files.writeString(held, "old");
    try (DaemonProcess d = new DaemonProcess(dir).start("--drainTimeout", "10m", "--retry.deadline", "10m");
        Immutable hold = Immutable.hold(held)) {
      Assumptions.assumeFalse(sigintIgnored(d.pid()), "SIGINT is ignored in this process tree (started in the background by a script)");
      try (CachedClient c = d.client(root)) {
        c.write("held", "new".getBytes()).get();
        awaitRetrying(d, "held");
      }
      d.signal("INT");
      Await.until(Duration.ofSeconds(30), () -> d.output().contains("SIGINT: draining"), d::output);
      assertTrue(d.process().isAlive(), "the first SIGINT drains, and the held write keeps the drain going");
      long t0 = System.nanoTime();
      d.signal("INT");
      assertEquals(130, d.awaitExit(Duration.ofSeconds(30)), d.output());
      assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos(), "stopped at once, not after the 10 m drain deadline");
      assertTrue(d.output().contains("SIGINT again: stopping at once"), d.output());
      assertFalse(Files.exists(d.socket()), "socket removed");
      assertFalse(Files.exists(d.lockFile()), "lock removed");
      hold.release();
      assertEquals("old", Files.readString(held), "the held write was dropped, not half-done");
    }
  }

  /** Waits until status lists a retrying op whose target's file name is {@code name}. */
  static void awaitRetrying(DaemonProcess d, String name) throws Exception {
    Await.until(Duration.ofSeconds(30), () -> {
      try (CachedClient admin = d.admin()) {
        return admin.status().path("retrying").findValuesAsText("path").stream().anyMatch(p -> Path.of(p).endsWith(name));
      }
    }, () -> name + " never showed up as retrying:\n" + d.output());
  }

  /** Bit 2 of SigIgn in {@code /proc/<pid>/status}: SIGINT ignored since the process started. */
  private static boolean sigintIgnored(long pid) throws java.io.IOException {
    Path status = Path.of("/proc/" + pid + "/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & 0x2) != 0;
      }
    }
    return false;
  }
}
