package dev.cached.fs;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: attempt {@code n} (1-based) waits a random time in
 * {@code [d/2, d]} where {@code d = min(cap, first * factor^(n-1))}; no attempt starts after the
 * deadline, counted from the first attempt.
 *
 * <p>Example with the defaults (2 ms, ×2, cap 250 ms): waits of about 2, 4, 8, …, 128, 250, 250 ms.
 */
public record RetryPolicy(Duration first, double factor, Duration cap, Duration deadline) {
  /** The daemon's defaults: 2 ms first, ×2, 250 ms cap, 60 s deadline. */
  public static final RetryPolicy DAEMON_DEFAULT =
      new RetryPolicy(Duration.ofMillis(2), 2.0, Duration.ofMillis(250), Duration.ofSeconds(60));

  public RetryPolicy {
    if (first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("retry.first : " + first + " (expected: > 0)");
    }
    if (!(factor >= 1.0) || factor > 100) {
      throw new IllegalArgumentException("retry.factor : " + factor + " (expected: 1..100)");
    }
    if (cap.compareTo(first) < 0) {
      throw new IllegalArgumentException("retry.cap : " + cap + " (expected: >= retry.first " + first + ")");
    }
    if (deadline.isNegative()) {
      throw new IllegalArgumentException("retry.deadline : " + deadline + " (expected: >= 0)");
    }
  }

  /** The same policy with another deadline (the client's fallback caps it short). */
  public RetryPolicy withDeadline(Duration d) {
    return new RetryPolicy(first, factor, cap, d);
  }

  /** The jittered wait before retry number {@code attempt} (1 = the wait after the first failure). */
  public long delayNanos(int attempt, RandomGenerator random) {
    double d = first.toNanos() * Math.pow(factor, Math.max(0, attempt - 1));
    long capped = (long) Math.min(d, (double) cap.toNanos());
    long half = capped / 2;
    return half + (half > 0 ? random.nextLong(half + 1) : 0);
  }
}
