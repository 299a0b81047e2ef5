package dev.cached.fs.fakes;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.cached.fs.Delayer;
import dev.cached.fs.Ticker;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A clock that moves only when a test advances it, and a {@link Delayer} whose tasks run, in due
 * order, on the advancing thread as the clock passes them. Nothing sleeps.
 *
 * <p>Concurrency: guarded by the instance monitor; tasks run outside it, so a task may schedule
 * another (which runs in the same advance when it falls due within it).
 */
public final class FakeTime implements Ticker, Delayer {
  private static final class Task implements Cancellable {
    final long due;
    final long order;
    final Runnable body;
    volatile boolean cancelled;

    Task(long due, long order, Runnable body) {
      this.due = due;
      this.order = order;
      this.body = body;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  /** An arbitrary start, far from zero, as a real monotonic clock would be. */
  @GuardedBy("this")
  private long now = 1_000_000_000_000L;
  @GuardedBy("this")
  private long order;
  @GuardedBy("this")
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));

  @Override
  public synchronized long nanos() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, long delayNanos) {
    Task t = new Task(now + Math.max(0, delayNanos), order++, task);
    tasks.add(t);
    return t;
  }

  /** Moves the clock forward by {@code d}, running every task that falls due on the way. */
  public void advance(Duration d) {
    advance(d, () -> {});
  }

  /**
   * Moves the clock forward by {@code d}, running every task that falls due on the way, each
   * followed by {@code afterEach} (a test runs the work a task handed to an executor there, so a
   * retry happens at its time, not at the end of the advance).
   */
  public void advance(Duration d, Runnable afterEach) {
    long target;
    synchronized (this) {
      target = now + d.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = Math.max(now, next.due);
      }
      if (!next.cancelled) {
        next.body.run();
        afterEach.run();
      }
    }
  }

  /** Tasks scheduled and neither run nor cancelled. */
  public synchronized int scheduled() {
    return (int) tasks.stream().filter(t -> !t.cancelled).count();
  }
}
