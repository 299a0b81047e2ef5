package dev.cached.daemon.write;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code hold} request: while any connection holds them, the writers take up no new step, so
 * a burst is accepted with no writer on the CPU (what {@code cached bench} measures the hand-over
 * by). Accepting goes on; the queue grows.
 *
 * <p>A hold cannot strand work: each holder's hold ends at its deadline (at most {@code
 * Request.Hold.MAX_MILLIS} after it asked), when it asks for 0 millis, when its connection closes
 * ({@link #release}), and every hold ends at shutdown ({@link #releaseAll}, before the drain; a
 * hold that races with it holds nothing). A writer also goes on while reading is paused for
 * {@code maxPendingBytes}, so a hold never stalls a client's sending for long: it holds at most
 * what fits under that cap.
 *
 * <p>Concurrency: holders change under this instance's monitor, which wakes waiting writers; a
 * writer's check costs one volatile read while nothing is held.
 */
public final class WriterHold {
  private static final Logger LOG = LoggerFactory.getLogger(WriterHold.class);
  /** How often a held writer looks at the pending bytes (which do not wake it). */
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final BooleanSupplier readingPaused;
  private final LongSupplier clock;

  /** Each holder's deadline (clock nanos). */
  @GuardedBy("this")
  private final Map<Object, Long> holders = new HashMap<>();
  /** {@link #releaseAll} ran: no hold is taken any more. */
  @GuardedBy("this")
  private boolean ended;
  /** The latest deadline of {@link #holders}, or {@link Long#MIN_VALUE} when nobody holds. */
  private volatile long until = Long.MIN_VALUE;

  /**
   * @param readingPaused true while reading is paused because pending bytes reached their cap
   * @param clock nanoseconds, monotonic
   */
  public WriterHold(BooleanSupplier readingPaused, LongSupplier clock) {
    this.readingPaused = readingPaused;
    this.clock = clock;
  }

  /**
   * {@code holder} holds the writers for {@code millis} from now (replacing its earlier hold), or
   * ends its hold when {@code millis} is 0. Returns how long the writers stay held from now, by
   * any holder, in milliseconds (0: not held).
   */
  public synchronized long hold(Object holder, long millis) {
    long now = clock.getAsLong();
    if (millis <= 0 || ended) {
      holders.remove(holder);
    } else {
      holders.put(holder, now + TimeUnit.MILLISECONDS.toNanos(millis));
    }
    recompute(now);
    return remainingMillis(now);
  }

  /** Ends {@code holder}'s hold, if it has one (its connection closed). */
  public synchronized void release(Object holder) {
    if (holders.remove(holder) != null) {
      recompute(clock.getAsLong());
    }
  }

  /** Ends every hold for good (shutdown: the drain must write); a later hold holds nothing. */
  public synchronized void releaseAll() {
    ended = true;
    if (!holders.isEmpty()) {
      LOG.info("shutdown: the writers' hold ends ({} holding connections, {} ms left)", holders.size(), remainingMillis());
    }
    holders.clear();
    recompute(clock.getAsLong());
  }

  /** How long the writers stay held from now, in milliseconds; 0 when nobody holds them. */
  public long remainingMillis() {
    return remainingMillis(clock.getAsLong());
  }

  private long remainingMillis(long now) {
    long u = until;
    return u == Long.MIN_VALUE || u <= now ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(u - now));
  }

  @GuardedBy("this")
  private void recompute(long now) {
    holders.values().removeIf(deadline -> deadline <= now);
    until = holders.values().stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
    notifyAll();
  }

  /**
   * A writer thread, before it takes up a step: waits while the writers are held, reading is not
   * paused, and the thread is not interrupted (the pool's shutdown).
   */
  public void await() {
    if (until == Long.MIN_VALUE) {
      return;
    }
    synchronized (this) {
      while (true) {
        long now = clock.getAsLong();
        if (until != Long.MIN_VALUE && until <= now) {
          recompute(now);
        }
        if (until == Long.MIN_VALUE || readingPaused.getAsBoolean()) {
          return;
        }
        long waitNanos = Math.min(until - now, RECHECK_NANOS);
        try {
          TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
