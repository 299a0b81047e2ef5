package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.client.CachedClient;
import dev.cached.client.FlushResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code hold} request against the real daemon process: held writes are accepted and
 * acknowledged but not written, and every way a hold ends lets them be written. The daemon runs
 * with {@code maxPendingBytes} at 1 MiB, so a held burst over it reaches the cap.
 */
class HoldProcessTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @TempDir static Path dir;
  static DaemonProcess daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = new DaemonProcess(dir).start("--maxPayload", "1MiB", "--maxPendingBytes", "1MiB");
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Writes {@code n} small files under {@code root}/{@code sub}, each acknowledged; returns the flush, sent after them. */
  private static CompletableFuture<FlushResult> writeAll(CachedClient c, String sub, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      c.write(sub + "/" + i, bytes("v" + i)).get(30, TimeUnit.SECONDS); // acknowledged though held
    }
    return c.flushAsync();
  }

  private static void assertWritten(Path root, String sub, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      assertArrayEquals(bytes("v" + i), Files.readAllBytes(root.resolve(sub + "/" + i)), sub + "/" + i);
    }
  }

  @Test
  void heldWrites_acknowledgedNotWritten_untilTheHoldEnds_statusShowsIt() throws Exception {
    Path root = Files.createDirectories(dir.resolve("ends"));
    try (CachedClient admin = daemon.admin(); CachedClient c = daemon.client(root)) {
      long held = admin.hold(MINUTE);
      assertTrue(held > 50_000 && held <= 60_000, "held " + held);
      CompletableFuture<FlushResult> flushed = writeAll(c, "d", 20);
      assertThrows(TimeoutException.class, () -> flushed.get(300, TimeUnit.MILLISECONDS), "held: the flush waits");
      ObjectNode queue = (ObjectNode) admin.status().path("queue");
      assertEquals(20, queue.path("ops").asLong(), queue.toString());
      assertTrue(queue.path("heldMillis").asLong() > 0, queue.toString());
      assertFalse(Files.exists(root.resolve("d/0")), "nothing written while held");
      String text = Cli.of(daemon).run("status").out();
      assertTrue(text.contains("writers held"), text);

      assertEquals(0, admin.hold(Duration.ZERO));
      assertTrue(flushed.get(30, TimeUnit.SECONDS).ok());
      assertWritten(root, "d", 20);
      assertEquals(0, admin.status().path("queue").path("heldMillis").asLong());
    }
  }

  @Test
  void closingTheHoldingConnection_endsItsHold() throws Exception {
    Path root = Files.createDirectories(dir.resolve("closed"));
    try (CachedClient c = daemon.client(root)) {
      CompletableFuture<FlushResult> flushed;
      try (CachedClient admin = daemon.admin()) {
        admin.hold(MINUTE);
        flushed = writeAll(c, "d", 10);
        assertThrows(TimeoutException.class, () -> flushed.get(200, TimeUnit.MILLISECONDS), "held: the flush waits");
      }
      assertTrue(flushed.get(30, TimeUnit.SECONDS).ok(), "the holder closed: the writes went on");
      assertWritten(root, "d", 10);
    }
  }

  @Test
  void aHoldRunsOut() throws Exception {
    Path root = Files.createDirectories(dir.resolve("runs-out"));
    try (CachedClient admin = daemon.admin(); CachedClient c = daemon.client(root)) {
      admin.hold(Duration.ofMillis(300));
      assertTrue(writeAll(c, "d", 10).get(30, TimeUnit.SECONDS).ok());
      assertWritten(root, "d", 10);
      assertEquals(0, admin.status().path("queue").path("heldMillis").asLong());
    }
  }

  @Test
  void overMaxPendingBytes_theWritersGoOn_soAHoldNeverStallsAClient() throws Exception {
    Path root = Files.createDirectories(dir.resolve("cap"));
    byte[] big = new byte[64 << 10];
    try (CachedClient admin = daemon.admin(); CachedClient c = daemon.client(root)) {
      admin.hold(MINUTE);
      CompletableFuture<?> last = null;
      for (int i = 0; i < 40; i++) { // 2.5 MiB against a cap of 1 MiB
        last = c.write("big/" + i, big);
      }
      last.get(30, TimeUnit.SECONDS); // every write acknowledged: reading was never stalled for long
      long written;
      try (var files = Files.list(root.resolve("big"))) {
        written = files.filter(p -> !p.getFileName().toString().startsWith(".")).count();
      }
      assertTrue(written >= 40 - 16, "at most the cap (16 writes) stays held; written " + written);
      ObjectNode queue = (ObjectNode) admin.status().path("queue");
      assertTrue(queue.path("heldMillis").asLong() > 0, "the hold stands, under the cap it holds: " + queue);
      assertTrue(queue.path("bytes").asLong() <= 1 << 20, queue.toString());
      admin.hold(Duration.ZERO);
      assertTrue(c.flush().ok());
      try (var files = Files.list(root.resolve("big"))) {
        assertEquals(40, files.count());
      }
    }
  }

  @Test
  void outOfRange_refusedByTheClient() throws Exception {
    try (CachedClient admin = daemon.admin()) {
      assertThrows(IllegalArgumentException.class, () -> admin.hold(Duration.ofMillis(60_001)));
      assertThrows(IllegalArgumentException.class, () -> admin.hold(Duration.ofMillis(-1)));
      assertTrue(admin.helloAnswer().path("capabilities").toString().contains("\"hold\""), admin.helloAnswer().toString());
    }
  }

  @Test
  void shutdownDrains_throughAHold() throws Exception {
    try (DaemonProcess d = new DaemonProcess(Files.createDirectories(dir.resolve("drain"))).start()) {
      Path root = Files.createDirectories(dir.resolve("drained"));
      try (CachedClient admin = d.admin(); CachedClient c = d.client(root)) {
        admin.hold(MINUTE);
        for (int i = 0; i < 10; i++) {
          c.write("d/" + i, bytes("v" + i)).get(30, TimeUnit.SECONDS);
        }
        d.signal("TERM");
        assertEquals(0, d.awaitExit(Duration.ofSeconds(30)), d.output());
      }
      assertWritten(root, "d", 10);
      assertTrue(d.output().contains("the writers' hold ends"), d.output());
    }
  }
}
