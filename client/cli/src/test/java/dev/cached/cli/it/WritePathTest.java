package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.client.CachedClient;
import dev.cached.client.FlushResult;
import dev.cached.fs.fakes.NoTempLeft;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The write path end to end: a real daemon process, real clients over its socket, real files. */
class WritePathTest {
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

  /** Sizes from 0 B to 1 MiB, most of them small, as analyzer caches are. */
  static byte[] randomPayload(Random r) {
    int size;
    int roll = r.nextInt(100);
    if (roll < 5) {
      size = 0;
    } else if (roll < 85) {
      size = r.nextInt(16 * 1024);
    } else if (roll < 98) {
      size = r.nextInt(256 * 1024);
    } else {
      size = r.nextInt(1024 * 1024 + 1);
    }
    byte[] b = new byte[size];
    r.nextBytes(b);
    return b;
  }

  @Test
  void fourClientsThousandWritesEachLeaveTheLastBytesOfEveryPath() throws Exception {
    Path root = dir.resolve("four-clients");
    long seed = System.nanoTime();
    ObjectNode before;
    try (CachedClient admin = daemon.admin()) {
      before = (ObjectNode) admin.status().path("totals");
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    long t0 = System.nanoTime();
    List<Future<Map<String, byte[]>>> results = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      int client = c;
      results.add(pool.submit(() -> {
        Random r = new Random(seed + client);
        Map<String, byte[]> last = new HashMap<>();
        try (CachedClient cc = daemon.client(root)) {
          for (int i = 0; i < 1000; i++) {
            String path = "c" + client + "/" + (r.nextInt(50)) + ".data.json";
            byte[] data = randomPayload(r);
            cc.write(path, data);
            last.put(path, data);
          }
          FlushResult f = cc.flush();
          assertTrue(f.ok(), "seed " + seed + ": failures " + f.failed());
          assertEquals(1000, f.done(), "seed " + seed);
        }
        return last;
      }));
    }
    Map<String, byte[]> expected = new HashMap<>();
    for (Future<Map<String, byte[]>> f : results) {
      expected.putAll(f.get());
    }
    long elapsed = System.nanoTime() - t0;
    pool.shutdown();
    System.out.printf("4x1000 writes: %.0f writes/s (%d ms)%n", 4000 / (elapsed / 1e9), elapsed / 1_000_000);
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertArrayEquals(e.getValue(), Files.readAllBytes(root.resolve(e.getKey())), "seed " + seed + ": " + e.getKey());
    }
    assertEquals(List.of(), NoTempLeft.temps(root), "seed " + seed);
    try (CachedClient admin = daemon.admin()) {
      ObjectNode after = (ObjectNode) admin.status().path("totals");
      long accepted = after.path("accepted").asLong() - before.path("accepted").asLong();
      long written = after.path("written").asLong() - before.path("written").asLong();
      long coalesced = after.path("coalesced").asLong() - before.path("coalesced").asLong();
      long superseded = after.path("superseded").asLong() - before.path("superseded").asLong();
      assertEquals(4000, accepted);
      assertEquals(4000, written + coalesced + superseded, "every write is written or overtaken");
      assertEquals(before.path("failed").asLong(), after.path("failed").asLong());
      com.fasterxml.jackson.databind.JsonNode perRoot = null;
      for (com.fasterxml.jackson.databind.JsonNode r : admin.status().path("roots")) {
        if (r.path("root").asText().equals(root.toString())) {
          perRoot = r;
        }
      }
      assertTrue(perRoot != null, "status lists the root");
      assertEquals(4000, perRoot.path("accepted").asLong());
      assertEquals(0, perRoot.path("failed").asLong());
    }
  }

  /**
   * The daemon keeps a replaced or deleted file's old version open while it replaces it, and frees
   * it on another thread: all of them are closed soon after, and the files hold the last bytes.
   */
  @Test
  @EnabledOnOs(value = OS.LINUX, disabledReason = "reads the daemon's open files from /proc")
  void oldVersionsAreFreedSoonAfterTheirReplace() throws Exception {
    Path root = Files.createDirectories(dir.resolve("freed")).toRealPath();
    try (CachedClient c = daemon.client(root)) {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 200; i++) {
          c.write("f/" + i + ".cache", ("round " + round + " file " + i).getBytes());
        }
      }
      for (int i = 0; i < 50; i++) {
        c.delete("f/" + i + ".cache");
      }
      assertTrue(c.flush().ok());
    }
    Await.until(Duration.ofSeconds(30), () -> openUnder(root).isEmpty(),
        () -> "the daemon still has open: " + openUnder(root));
    for (int i = 0; i < 200; i++) {
      Path f = root.resolve("f/" + i + ".cache");
      if (i < 50) {
        assertTrue(Files.notExists(f), f.toString());
      } else {
        assertEquals("round 2 file " + i, Files.readString(f));
      }
    }
  }

  /** What the daemon process has open under {@code root}, from {@code /proc/<pid>/fd}. */
  private static List<String> openUnder(Path root) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(daemon.pid()), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith(root.toString())) {
            out.add(target);
          }
        } catch (IOException e) {
          // closed while listing
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  @Test
  void durableAckMeansTheBytesAreOnDisk() throws Exception {
    Path root = dir.resolve("durable");
    try (CachedClient c = daemon.client(root)) {
      for (int i = 0; i < 50; i++) {
        byte[] data = ("version " + i).getBytes();
        assertEquals("written", c.writeDurable("d/file.json", data));
        assertArrayEquals(data, Files.readAllBytes(root.resolve("d/file.json")));
      }
      assertEquals("deleted", c.deleteDurable("d/file.json"));
      assertTrue(Files.notExists(root.resolve("d/file.json")));
    }
  }

  @Test
  void deleteAfterWriteLeavesNoFileAndWriteAfterDeleteLeavesTheFile() throws Exception {
    Path root = dir.resolve("delete-order");
    try (CachedClient c = daemon.client(root)) {
      for (int i = 0; i < 200; i++) {
        c.write("a" + i, new byte[] {1});
        c.delete("a" + i);
        c.delete("b" + i);
        c.write("b" + i, new byte[] {2});
      }
      assertTrue(c.flush().ok());
    }
    for (int i = 0; i < 200; i++) {
      assertTrue(Files.notExists(root.resolve("a" + i)), "a" + i);
      assertArrayEquals(new byte[] {2}, Files.readAllBytes(root.resolve("b" + i)));
    }
  }

  /**
   * An ordered connection writes a large data file, then a small index naming it. A watcher that
   * sees index k must find data k (or newer): the index is never visible before its data.
   */
  @Test
  void orderedConnectionNeverShowsTheIndexBeforeItsData() throws Exception {
    Path root = dir.resolve("ordered");
    Files.createDirectories(root);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> violation = new AtomicReference<>();
    Thread watcher = new Thread(() -> {
      while (!stop.get() && violation.get() == null) {
        try {
          Path index = root.resolve("index");
          if (!Files.exists(index)) {
            continue;
          }
          int k = Integer.parseInt(Files.readString(index));
          Path data = root.resolve("data-" + (k % 4));
          byte[] d = Files.exists(data) ? Files.readAllBytes(data) : new byte[0];
          int seen = d.length >= 4 ? java.nio.ByteBuffer.wrap(d).getInt() : -1;
          if (seen < k) {
            violation.set("index says " + k + " but data-" + (k % 4) + " holds " + seen);
          }
        } catch (IOException | NumberFormatException e) {
          // a file replaced between exists and read: look again
        }
      }
    }, "ordered-watcher");
    watcher.start();
    try (CachedClient c = daemon.client(root, true)) {
      Random r = new Random(7);
      for (int k = 0; k < 400; k++) {
        byte[] data = new byte[64 * 1024 + r.nextInt(256 * 1024)];
        java.nio.ByteBuffer.wrap(data).putInt(k);
        c.write("data-" + (k % 4), data);
        c.write("index", Integer.toString(k).getBytes());
      }
      assertTrue(c.flush().ok());
    } finally {
      stop.set(true);
      watcher.join();
    }
    assertEquals(null, violation.get());
    assertEquals("399", Files.readString(root.resolve("index")));
  }

  static Duration seconds(int s) {
    return Duration.ofSeconds(s);
  }
}
