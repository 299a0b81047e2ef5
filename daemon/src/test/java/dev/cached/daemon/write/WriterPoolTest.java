package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.daemon.janitor.LazyDeleter;
import dev.cached.daemon.stats.Stats;
import dev.cached.fs.FsyncPolicy;
import dev.cached.fs.RealFileOps;
import dev.cached.fs.RetryPolicy;
import dev.cached.fs.fakes.FakeTime;
import dev.cached.fs.fakes.ForwardingFileOps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every step in one directory runs on one writer, and the writers share the directories; real
 * threads and real files, through the scheduler.
 */
class WriterPoolTest {
  @TempDir Path root;

  private final AtomicInteger threadNumber = new AtomicInteger();
  private final WriterPool pool = new WriterPool(2, r -> new Thread(r, "test-writer-" + threadNumber.incrementAndGet()),
      new WriterHold(() -> false, System::nanoTime), IntakeFirst.off());

  /** The threads that wrote in each directory. */
  private final Map<Path, Set<String>> writersByDir = new ConcurrentHashMap<>();

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "every writer ends");
  }

  /**
   * Three directories under the root: the first and third on writer 0, the second on writer 1.
   * (An odd count: steps dealt round to two writers would put each directory on both.)
   */
  private List<String> directories() {
    List<String> zero = new ArrayList<>();
    List<String> one = new ArrayList<>();
    for (int i = 0; zero.size() < 2 || one.isEmpty(); i++) {
      String d = "d" + i;
      (WriterPool.dirHash(root.resolve(d)) % 2 == 0 ? zero : one).add(d);
    }
    return List.of(zero.get(0), one.get(0), zero.get(1));
  }

  @Test
  void aDirectoryKeepsToOneWriterAndTheWritersShareTheDirectories() throws Exception {
    ForwardingFileOps recording = new ForwardingFileOps(RealFileOps.INSTANCE) {
      @Override
      public void writeNew(Path file, ByteBuffer[] data, boolean force, Integer mode) throws IOException {
        writersByDir.computeIfAbsent(file.getParent(), k -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
        super.writeNew(file, data, force, mode);
      }
    };
    FakeTime time = new FakeTime();
    WriteScheduler scheduler = new WriteScheduler(recording, pool, time, time, RetryPolicy.DAEMON_DEFAULT, FsyncPolicy.NONE,
        new Breakers(3, Duration.ofSeconds(1), Duration.ofSeconds(8)), new LazyDeleter(recording, 100), new Stats(),
        new PendingBytes(1L << 30), new ReleaseBehind(0, 1));
    List<String> dirs = directories();
    for (int i = 0; i < 50; i++) {
      for (String d : dirs) { // consecutive steps in different directories, as from several clients
        scheduler.submit(new WriteScheduler.Request(WriteOp.Kind.WRITE, root, d + "/" + i, root.resolve(d + "/" + i),
            Payload.of(("v" + i).getBytes(StandardCharsets.UTF_8)), null, null, null, "test"));
      }
    }
    scheduler.barrier().get(30, TimeUnit.SECONDS);
    assertEquals(3, writersByDir.size(), writersByDir.toString());
    Set<String> all = new TreeSet<>();
    for (Map.Entry<Path, Set<String>> e : writersByDir.entrySet()) {
      assertEquals(1, e.getValue().size(), e.getKey() + " was written by " + e.getValue());
      all.addAll(e.getValue());
    }
    assertEquals(Set.of("test-writer-1", "test-writer-2"), all, "both writers had directories");
    assertEquals("v49", Files.readString(root.resolve(dirs.get(2) + "/49")));
  }

  @Test
  void workOfNoDirectoryGoesRound() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(4);
    for (int i = 0; i < 4; i++) {
      pool.execute(() -> {
        threads.add(Thread.currentThread().getName());
        done.countDown();
      });
    }
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(Set.of("test-writer-1", "test-writer-2"), threads);
  }
}
