package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.daemon.janitor.LazyDeleter;
import dev.cached.daemon.stats.Stats;
import dev.cached.fs.FileOps;
import dev.cached.fs.FsyncPolicy;
import dev.cached.fs.RealFileOps;
import dev.cached.fs.RetryPolicy;
import dev.cached.fs.fakes.FakeTime;
import dev.cached.fs.fakes.ForwardingFileOps;
import dev.cached.fs.fakes.ManualExecutor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write looks at its target once ({@link FileOps#look}): the lookup gives the temp its mode and
 * tells the old version's retain what is there, where {@code mode} and {@code retain} looked twice.
 * On real files, through the scheduler, counting the calls at the seam.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the old version is retained on Linux only")
class OneLookTest {
  @TempDir Path root;

  /** RealFileOps, counting the lookups. */
  private static final class Counting extends ForwardingFileOps {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    volatile boolean failLook;

    Counting() {
      super(RealFileOps.INSTANCE);
    }

    private void count(String call) {
      calls.computeIfAbsent(call, k -> new AtomicInteger()).incrementAndGet();
    }

    int calls(String call) {
      AtomicInteger n = calls.get(call);
      return n == null ? 0 : n.get();
    }

    @Override public Look look(Path file) throws IOException {
      count("look");
      if (failLook) {
        throw new IOException("look: failed on purpose");
      }
      return super.look(file);
    }

    @Override public Integer mode(Path file) throws IOException {
      count("mode");
      return super.mode(file);
    }

    @Override public Closeable retain(Path file) {
      count("retain");
      return super.retain(file);
    }

    @Override public Closeable retainFound(Path file) {
      count("retainFound");
      return super.retainFound(file);
    }
  }

  private final Counting fs = new Counting();
  private final ManualExecutor writers = new ManualExecutor();
  private final FakeTime time = new FakeTime();

  private WriteScheduler scheduler() {
    return new WriteScheduler(fs, writers, time, time, RetryPolicy.DAEMON_DEFAULT, FsyncPolicy.NONE,
        new Breakers(3, Duration.ofSeconds(1), Duration.ofSeconds(8)), new LazyDeleter(fs, 100), new Stats(),
        new PendingBytes(1L << 30), new ReleaseBehind(0, 1));
  }

  private WriteOp write(WriteScheduler s, String path, String content, Integer mode) {
    WriteOp op = s.submit(new WriteScheduler.Request(WriteOp.Kind.WRITE, root, path, root.resolve(path),
        Payload.of(content.getBytes(StandardCharsets.UTF_8)), null, mode, null, "test"));
    writers.runAll();
    assertTrue(op.done().isDone(), "the write ran");
    return op;
  }

  @Test
  void anExistingTargetIsLookedAtOnceAndKeepsItsMode() throws Exception {
    Path target = Files.writeString(root.resolve("a.cache"), "old");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
    write(scheduler(), "a.cache", "new", null);
    assertEquals("new", Files.readString(target));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)), "the mode is kept");
    assertEquals(1, fs.calls("look"), fs.calls.toString());
    assertEquals(1, fs.calls("retainFound"), "the old version is kept open without a second lookup: " + fs.calls);
    assertEquals(0, fs.calls("mode") + fs.calls("retain"), fs.calls.toString());
  }

  @Test
  void aNewTargetIsLookedAtOnceAndNothingIsRetained() throws Exception {
    write(scheduler(), "d/b.cache", "new", null);
    assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(root.resolve("d/b.cache")));
    assertEquals(1, fs.calls("look"), fs.calls.toString());
    assertEquals(0, fs.calls("mode") + fs.calls("retain") + fs.calls("retainFound"), fs.calls.toString());
  }

  @Test
  void aRequestedModeNeedsNoLookButTheOldVersionIsStillKept() throws Exception {
    Path target = Files.writeString(root.resolve("c.cache"), "old");
    write(scheduler(), "c.cache", "new", 0600);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    assertEquals(0, fs.calls("look") + fs.calls("mode"), fs.calls.toString());
    assertEquals(1, fs.calls("retain"), "retain looks for itself: " + fs.calls);
  }

  @Test
  void aLookupThatFailsLeavesTheModeToPrepareAsBefore() throws Exception {
    Path target = Files.writeString(root.resolve("f.cache"), "old");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
    fs.failLook = true;
    write(scheduler(), "f.cache", "new", null);
    assertEquals("new", Files.readString(target));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)), "prepare kept the mode");
    assertEquals(1, fs.calls("mode"), "prepare looked for the mode itself: " + fs.calls);
    assertEquals(1, fs.calls("retain"), "and the retain looked for itself: " + fs.calls);
  }

  @Test
  void aDirectoryAtTheTargetIsNotOpened() throws Exception {
    Files.createDirectory(root.resolve("e.cache"));
    WriteOp op = write(scheduler(), "e.cache", "new", null);
    assertTrue(op.done().isCompletedExceptionally() || Files.isDirectory(root.resolve("e.cache")), "a directory is not replaced");
    assertEquals(0, fs.calls("retain") + fs.calls("retainFound"), fs.calls.toString());
  }
}
