package dev.cached.daemon.write;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Lets the socket threads take the CPU first during a burst: a writer about to start a step waits
 * while the intake is busy (a socket read less than {@link #QUIET_NANOS} ago), so a caller's burst
 * is read and acknowledged at the intake's speed and the writers catch up afterwards. On a machine
 * with few cores the writers otherwise take a core from the socket thread and from the callers
 * for the whole burst.
 *
 * <p>Bounded three ways: a writer waits only while the pending bytes are under a quarter of their
 * cap; one wait episode lasts at most {@code maxYield}, after which writers run alongside the
 * intake until it has been quiet once (a steady stream is written as it comes, at most
 * {@code maxYield} late); and {@code maxYield} zero turns it off (the {@link #writerPool} never
 * waits).
 *
 * <p>Concurrency: {@link #reading} is called by socket threads, {@link #awaitTurn} by writer
 * threads; the shared state is three volatile fields, and a lost race between writers only
 * shortens or lengthens one episode.
 */
public final class IntakeFirst {
  /** How long after the last socket read the intake counts as quiet. */
  static final long QUIET_NANOS = TimeUnit.MICROSECONDS.toNanos(1_000);
  /** How long a waiting writer parks before it looks again. */
  private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(250);

  private final long maxYieldNanos;
  private final LongSupplier pendingBytes;
  private final long pendingLimit;
  private final LongSupplier clock;

  private volatile long lastRead = Long.MIN_VALUE / 2;
  /** When the current wait episode began, or {@link Long#MIN_VALUE} when none runs. */
  private volatile long episodeStart = Long.MIN_VALUE;
  /** The episode ran out: writers run until the intake has been quiet once. */
  private volatile boolean spent;

  /**
   * @param maxYield longest one wait episode; zero turns intake-first off
   * @param pendingBytes the bytes accepted and not yet written
   * @param pendingCap {@code maxPendingBytes}: writers never wait once a quarter of it is pending
   * @param clock nanoseconds, monotonic
   */
  public IntakeFirst(java.time.Duration maxYield, LongSupplier pendingBytes, long pendingCap, LongSupplier clock) {
    this.maxYieldNanos = maxYield.toNanos();
    this.pendingBytes = pendingBytes;
    this.pendingLimit = pendingCap / 4;
    this.clock = clock;
  }

  /** Off: writers never wait. */
  public static IntakeFirst off() {
    return new IntakeFirst(java.time.Duration.ZERO, () -> 0, 0, System::nanoTime);
  }

  /** True when writers may wait for the intake. */
  public boolean on() {
    return maxYieldNanos > 0;
  }

  /** A socket thread read bytes from a client. */
  public void reading() {
    if (maxYieldNanos > 0) {
      lastRead = clock.getAsLong();
    }
  }

  /** True when a socket read came less than {@link #QUIET_NANOS} ago: writers would wait now. */
  public boolean busy() {
    return maxYieldNanos > 0 && clock.getAsLong() - lastRead < QUIET_NANOS;
  }

  /**
   * The writer pool: {@code threads} threads from {@code factory}, an unbounded queue (what is
   * queued is bounded by {@code maxPendingBytes}), and before each task its thread waits while
   * {@code hold} holds the writers, then its turn ({@link #awaitTurn}) unless intake-first is off.
   * A hook of the pool, not a wrapper around each task: a queued step costs no extra object.
   */
  public ThreadPoolExecutor writerPool(int threads, ThreadFactory factory, WriterHold hold) {
    return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory) {
      @Override
      protected void beforeExecute(Thread t, Runnable r) {
        hold.await();
        if (maxYieldNanos > 0) {
          awaitTurn();
        }
      }
    };
  }

  /** Waits while the intake is busy, within the bounds in the class comment. */
  void awaitTurn() {
    while (true) {
      long now = clock.getAsLong();
      if (now - lastRead >= QUIET_NANOS) {
        episodeStart = Long.MIN_VALUE;
        spent = false;
        return;
      }
      if (spent || pendingBytes.getAsLong() >= pendingLimit) {
        return;
      }
      long start = episodeStart;
      if (start == Long.MIN_VALUE) {
        episodeStart = now;
      } else if (now - start >= maxYieldNanos) {
        spent = true;
        return;
      }
      LockSupport.parkNanos(this, PARK_NANOS);
    }
  }
}
