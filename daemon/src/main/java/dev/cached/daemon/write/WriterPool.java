package dev.cached.daemon.write;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The writer threads, each with its own queue; every step in one directory goes to the same
 * writer. Two writers in one directory wait for each other in the kernel: a create and a rename
 * both hold the directory's lock, and Linux spins on it before it sleeps. With one shared queue the
 * writers took consecutive steps, which mostly come from one client's read batch and so from one
 * directory: two writers burned 1.6 cores where one burned 1.1, and finished no sooner (session
 * 16, PERFORMANCE.md). A caller writing itself keeps to its own directories the same way.
 *
 * <p>A directory's writer is its path's hash modulo the writer count, so several busy
 * directories may share a writer while another has none; with one writer this is the old pool.
 * Work that belongs to no directory (a leftover temp's delete, the startup sweep) goes round.
 *
 * <p>Concurrency: {@link #execute} from any thread; each writer runs {@link
 * IntakeFirst#writerPool}'s hooks before each step.
 */
public final class WriterPool implements Executor {
  private final ThreadPoolExecutor[] writers;
  private final AtomicInteger next = new AtomicInteger();

  public WriterPool(int threads, ThreadFactory factory, WriterHold hold, IntakeFirst intakeFirst) {
    writers = new ThreadPoolExecutor[Math.max(1, threads)];
    for (int i = 0; i < writers.length; i++) {
      writers[i] = intakeFirst.writerPool(1, factory, hold);
    }
  }

  /** A directory's hash for {@link #execute}, never negative. */
  static int dirHash(Path dir) {
    int h = dir == null ? 0 : dir.hashCode();
    return (h ^ (h >>> 16)) & Integer.MAX_VALUE;
  }

  @Override
  public void execute(Runnable task) {
    int i = task instanceof Lane lane
        ? lane.dirHash % writers.length
        : Math.floorMod(next.getAndIncrement(), writers.length);
    writers[i].execute(task);
  }

  public void shutdown() {
    for (ThreadPoolExecutor w : writers) {
      w.shutdown();
    }
  }

  public void shutdownNow() {
    for (ThreadPoolExecutor w : writers) {
      w.shutdownNow();
    }
  }

  /** Waits until every writer has ended, at most {@code timeout} in all; true when they have. */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    for (ThreadPoolExecutor w : writers) {
      if (!w.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
    return true;
  }
}
