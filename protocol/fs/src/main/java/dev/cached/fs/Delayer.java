package dev.cached.fs;

/**
 * Runs a task after a delay: where a retrying write waits, instead of a sleeping thread. The test
 * seam for time (with {@link dev.cached.fs.Ticker}): a fake runs tasks when its clock is advanced.
 */
public interface Delayer {
  /** Runs {@code task} after about {@code delayNanos}; the returned handle cancels it. */
  Cancellable schedule(Runnable task, long delayNanos);

  /** A scheduled task that may be cancelled. */
  interface Cancellable {
    void cancel();
  }
}
