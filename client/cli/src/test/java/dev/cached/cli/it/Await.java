package dev.cached.cli.it;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, looking again after 2 ms, then twice as long each time up
 * to 50 ms: the one poller of the process-level tests, for conditions on another process (the
 * daemon) that nothing notifies this one of.
 */
public final class Await {
  /** A probe of another process that may throw while that process is not there yet. */
  @FunctionalInterface
  public interface Probe<T> {
    /** The value once the condition holds, else null. */
    T get() throws Exception;
  }

  private Await() {}

  /**
   * Returns once {@code condition} holds; fails with {@code what} after {@code timeout}. An
   * exception from {@code condition} fails at once.
   */
  public static void until(Duration timeout, Callable<Boolean> condition, Supplier<String> what) throws Exception {
    poll(timeout, what, () -> condition.call() ? Boolean.TRUE : null, false);
  }

  /**
   * Returns the first non-null value of {@code probe}; an exception counts as "not yet", and the
   * last one is the cause of the failure after {@code timeout}.
   */
  public static <T> T result(Duration timeout, String what, Probe<T> probe) throws Exception {
    return poll(timeout, () -> what, probe, true);
  }

  private static <T> T poll(Duration timeout, Supplier<String> what, Probe<T> probe, boolean retryOnException)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long delay = 2;
    Exception last = null;
    Object waiter = new Object();
    while (true) {
      try {
        T v = probe.get();
        if (v != null) {
          return v;
        }
      } catch (Exception e) {
        if (!retryOnException) {
          throw e;
        }
        last = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError e = new AssertionError("not within " + timeout + ": " + what.get());
        if (last != null) {
          e.initCause(last);
        }
        throw e;
      }
      synchronized (waiter) {
        waiter.wait(delay);
      }
      delay = Math.min(50, delay * 2);
    }
  }
}
