package dev.cached.daemon.write;

import dev.cached.fs.fakes.FakeTime;
import dev.cached.fs.fakes.ManualExecutor;
import dev.cached.fs.fakes.MemoryFileOps;
import dev.cached.fs.emulation.SharingEmulation;
import dev.cached.daemon.janitor.LazyDeleter;
import dev.cached.daemon.stats.Stats;
import dev.cached.fs.FsyncPolicy;
import dev.cached.fs.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link WriteScheduler} on fakes only: memory files under the Windows sharing emulation, a fake
 * clock and delayer, a manual executor. Single-threaded: the test's thread runs every step.
 */
final class Rig {
  static final Path ROOT = Path.of("/mem/root");
  static final Path OTHER_ROOT = Path.of("/mem/other");

  final FakeTime time = new FakeTime();
  final ManualExecutor writers = new ManualExecutor();
  final MemoryFileOps disk = new MemoryFileOps(ROOT, OTHER_ROOT);
  final SharingEmulation fs = new SharingEmulation(disk, time);
  final LazyDeleter lazy = new LazyDeleter(fs, 1000);
  final Stats stats = new Stats();
  final PendingBytes pending = new PendingBytes(1L << 40);
  final Breakers breakers;
  final WriteScheduler scheduler;

  /** One of the daemon's totals (as {@code cached status} shows them), e.g. {@code "retries"}. */
  long count(String total) {
    return stats.totals().get(total).asLong();
  }

  Rig() {
    this(RetryPolicy.DAEMON_DEFAULT, new Breakers(3, Duration.ofSeconds(1), Duration.ofSeconds(8)));
  }

  Rig(RetryPolicy retry, Breakers breakers) {
    this.breakers = breakers;
    this.scheduler = new WriteScheduler(fs, writers, time, time, retry, FsyncPolicy.NONE, breakers, lazy, stats, pending,
        new ReleaseBehind(0, 1));
  }

  WriteOp write(String path, String content) {
    return submit(WriteOp.Kind.WRITE, ROOT, path, content.getBytes(StandardCharsets.UTF_8), null);
  }

  WriteOp write(Path root, String path, String content) {
    return submit(WriteOp.Kind.WRITE, root, path, content.getBytes(StandardCharsets.UTF_8), null);
  }

  WriteOp delete(String path) {
    return submit(WriteOp.Kind.DELETE, ROOT, path, null, null);
  }

  WriteOp submit(WriteOp.Kind kind, Path root, String path, byte[] data, CompletableFuture<?> gate) {
    return scheduler.submit(new WriteScheduler.Request(
        kind, root, path, root.resolve(path), data == null ? null : Payload.of(data), null, null, gate, "test"));
  }

  /** Runs every queued step without moving the clock. */
  Rig settle() {
    writers.runAll();
    return this;
  }

  /** Moves the clock (parked retries fire) and runs every step that follows. */
  Rig advance(Duration d) {
    writers.runAll();
    time.advance(d, writers::runAll);
    writers.runAll();
    return this;
  }

  Rig advanceMillis(long ms) {
    return advance(Duration.ofMillis(ms));
  }

  /** Advances in small steps until nothing is outstanding; fails after {@code limit} of fake time. */
  Rig drain(Duration limit) {
    long steps = limit.toMillis() / 10;
    for (long i = 0; i < steps && scheduler.outstandingCount() > 0; i++) {
      advanceMillis(10);
    }
    if (scheduler.outstandingCount() > 0) {
      throw new AssertionError(scheduler.outstandingCount() + " ops still outstanding after " + limit + " of fake time");
    }
    return this;
  }

  String read(String path) {
    byte[] b = disk.read(ROOT.resolve(path));
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  Path target(String path) {
    return ROOT.resolve(path);
  }
}
