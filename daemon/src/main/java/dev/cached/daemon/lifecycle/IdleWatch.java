package dev.cached.daemon.lifecycle;

import dev.cached.fs.Ticker;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Decides when the daemon has been idle long enough to exit ({@code idleTimeout}): no connection
 * and no accepted op that is not final — queued, running, or parked for a retry — for the whole
 * timeout. Any busy observation restarts the clock, so a write stuck in retries keeps the daemon
 * alive until it is final, however long that takes.
 *
 * <p>Concurrency: {@link #check} is called from one thread (the daemon's timer).
 */
public final class IdleWatch {
  private final Ticker ticker;
  private final long timeoutNanos;
  private final BooleanSupplier busy;
  private long lastBusyNanos;

  /**
   * @param timeout how long idle before {@link #check} says so; must be positive
   * @param busy true while there is a connection or work
   */
  public IdleWatch(Ticker ticker, Duration timeout, BooleanSupplier busy) {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout : " + timeout + " (expected: > 0)");
    }
    this.ticker = ticker;
    this.timeoutNanos = timeout.toNanos();
    this.busy = busy;
    this.lastBusyNanos = ticker.nanos();
  }

  /** How often the daemon should call {@link #check}: a quarter of the timeout, at most a second. */
  public static Duration period(Duration timeout) {
    Duration quarter = timeout.dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : quarter;
  }

  /** True once nothing was busy for the whole timeout, as seen by the calls so far. */
  public boolean check() {
    long now = ticker.nanos();
    if (busy.getAsBoolean()) {
      lastBusyNanos = now;
      return false;
    }
    return now - lastBusyNanos >= timeoutNanos;
  }

  /** How long it has been idle as of the last {@link #check}, for the log line. */
  public Duration idleFor() {
    return Duration.ofNanos(ticker.nanos() - lastBusyNanos);
  }
}
