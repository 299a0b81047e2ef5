package dev.cached.fs.fakes;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * An executor that runs nothing until the test says so, on the test's thread, in submission order
 * (or in a seeded random order, for interleavings).
 *
 * <p>Concurrency: the queue is guarded by the instance monitor; tasks run outside it.
 */
public final class ManualExecutor implements Executor {
  private static final int RUN_LIMIT = 10_000_000;

  @GuardedBy("this")
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable task) {
    queue.add(task);
  }

  /** Runs the oldest queued task; returns false when none was queued. */
  public boolean runOne() {
    Runnable r;
    synchronized (this) {
      r = queue.poll();
    }
    if (r == null) {
      return false;
    }
    r.run();
    return true;
  }

  /** Runs a random queued task; returns false when none was queued. */
  public boolean runRandom(RandomGenerator random) {
    Runnable r;
    synchronized (this) {
      if (queue.isEmpty()) {
        return false;
      }
      int skip = random.nextInt(queue.size());
      for (int i = 0; i < skip; i++) {
        queue.add(queue.poll());
      }
      r = queue.poll();
    }
    r.run();
    return true;
  }

  /** Runs tasks, including those they queue, until none is left; returns how many ran. */
  public int runAll() {
    int n = 0;
    while (runOne()) {
      if (++n > RUN_LIMIT) {
        throw new IllegalStateException("more than " + RUN_LIMIT + " tasks: a task requeues itself forever");
      }
    }
    return n;
  }

  public synchronized int queued() {
    return queue.size();
  }
}
