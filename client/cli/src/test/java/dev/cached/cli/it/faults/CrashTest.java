package dev.cached.cli.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cached.cli.it.Await;
import dev.cached.cli.it.DaemonProcess;
import dev.cached.client.CachedClient;
import dev.cached.fs.fakes.NoTempLeft;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL mid-stream, again and again: no target is ever torn, every durable ack holds, and the
 * next start sweeps every temp the killed daemon left. Replay with {@code -Dcached.crash.seed=}.
 */
class CrashTest {
  private static final int ROUNDS = Integer.getInteger("cached.crash.rounds", 20);
  private static final String[] PATHS = {"a.json", "b.json", "c.data", "3.11/d.json", "3.11/e.data", "3.11/x/f.json"};

  /** Twenty-one daemon starts: the C1 compiler alone starts the JVM faster, and speed is not measured here. */
  private static final Map<String, String> QUICK_START = Map.of("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");

  @TempDir Path tmp;

  /** Every version ever sent per path, in send order; null is a delete. */
  private final Map<String, List<byte[]>> sent = new HashMap<>();
  /** Per path: the index in {@link #sent} of the newest write answered durable "written". */
  private final Map<String, Integer> durable = new HashMap<>();
  private final AtomicLong counter = new AtomicLong();

  @Test
  void sigkillMidStreamNeverTearsAFileAndTheNextStartSweepsTheTemps() throws Exception {
    long seed = Long.getLong("cached.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    Path root = tmp.resolve("cache");
    Path home = Files.createDirectories(tmp.resolve("d"));
    int left = 0;
    for (int round = 0; round <= ROUNDS; round++) {
      String where = "seed " + seed + ", round " + round;
      long t0 = System.nanoTime();
      try (DaemonProcess daemon = new DaemonProcess(home).start(QUICK_START)) {
        System.out.printf("round %d: started in %d ms%n", round, (System.nanoTime() - t0) / 1_000_000);
        if (round > 0) {
          checkSweep(daemon, root, left, where);
        }
        if (round == ROUNDS) {
          break;
        }
        plantCrashLeftover(root, round);
        int killAfter = 10 + random.nextInt(150);
        CountDownLatch reached = new CountDownLatch(1);
        Thread streamer = new Thread(() -> stream(daemon, root, new Random(random.nextLong()), killAfter, reached), "crash-streamer");
        streamer.start();
        assertTrue(reached.await(30, TimeUnit.SECONDS), where + ": the stream never reached op " + killAfter);
        System.out.printf("round %d: killing at %d ms%n", round, (System.nanoTime() - t0) / 1_000_000);
        daemon.kill();
        streamer.join(30_000);
        checkDisk(root, where);
        left = NoTempLeft.temps(root).size();
        System.out.printf("round %d: checked at %d ms, %d temps left%n", round, (System.nanoTime() - t0) / 1_000_000, left);
      }
    }
  }

  private void stream(DaemonProcess daemon, Path root, Random r, int killAfter, CountDownLatch reached) {
    try (CachedClient c = daemon.client(root)) {
      for (int i = 0; ; i++) {
        if (i == killAfter) {
          reached.countDown();
        }
        String path = PATHS[r.nextInt(PATHS.length)];
        List<byte[]> versions;
        synchronized (this) {
          versions = sent.computeIfAbsent(path, p -> new ArrayList<>());
        }
        int roll = r.nextInt(100);
        if (roll < 10) {
          synchronized (this) {
            versions.add(null);
          }
          c.delete(path);
          continue;
        }
        byte[] data = payload(r);
        int index;
        synchronized (this) {
          versions.add(data);
          index = versions.size() - 1;
        }
        if (roll < 30) {
          String outcome = c.writeDurable(path, data);
          if (outcome.equals("written")) {
            synchronized (this) {
              durable.merge(path, index, Math::max);
            }
          }
        } else {
          c.write(path, data);
        }
      }
    } catch (Exception e) {
      reached.countDown(); // the daemon is gone: the stream ends
    }
  }

  /**
   * A temp as a run killed mid-write leaves it (small writes are rarely caught in flight), so the
   * sweep always has something of its own to find; an old mtime, as a crashed run's would have.
   */
  private static void plantCrashLeftover(Path root, int round) throws Exception {
    Path t = root.resolve("3.11/.d.json." + String.format("%016x", round + 1L) + ".cached-tmp");
    Files.createDirectories(t.getParent());
    Files.write(t, new byte[] {1, 2});
    Files.setLastModifiedTime(t, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
  }

  /** Unique bytes (a counter first) of a random size, 3% empty. */
  private byte[] payload(Random r) {
    int roll = r.nextInt(100);
    if (roll < 3) {
      return new byte[0];
    }
    int size = 8 + (roll < 90 ? r.nextInt(8 * 1024) : r.nextInt(2 * 1024 * 1024));
    byte[] b = new byte[size];
    r.nextBytes(b);
    ByteBuffer.wrap(b).putLong(counter.incrementAndGet());
    return b;
  }

  private synchronized void checkDisk(Path root, String where) throws Exception {
    for (String path : PATHS) {
      List<byte[]> versions = sent.getOrDefault(path, List.of());
      Path file = root.resolve(path);
      byte[] content = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
      int at = -1;
      if (content != null) {
        for (int i = versions.size() - 1; i >= 0 && at < 0; i--) {
          if (versions.get(i) != null && Arrays.equals(versions.get(i), content)) {
            at = i;
          }
        }
        assertTrue(at >= 0, where + ": " + path + " holds " + content.length + " bytes that were never sent (torn?)");
      }
      Integer acked = durable.get(path);
      if (acked != null) {
        if (content == null) {
          boolean deletedLater = false;
          for (int i = acked + 1; i < versions.size(); i++) {
            deletedLater |= versions.get(i) == null;
          }
          assertTrue(deletedLater, where + ": " + path + " was acked durable (version " + acked + ") and is gone");
        } else {
          assertTrue(at >= acked, where + ": " + path + " holds version " + at + ", older than durable version " + acked);
        }
      }
    }
  }

  private static void checkSweep(DaemonProcess daemon, Path root, int left, String where) throws Exception {
    try (CachedClient admin = daemon.admin()) {
      JsonNode sweep = Await.result(Duration.ofSeconds(10), where + ": the start-up sweep runs", () -> {
        JsonNode s = admin.status().path("lastSweep");
        return s.has("at") ? s : null;
      });
      assertEquals(left, sweep.path("removed").asInt(), where + ": temps left by the killed daemon, swept: " + sweep);
      assertEquals(List.of(), NoTempLeft.temps(root), where);
    }
  }
}
