package dev.cached.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Exponential backoff with jitter in [d/2, d], capped. */
class RetryPolicyTest {
  private static final long MS = 1_000_000L;

  @Test
  void delaysDoubleFromTheFirstUpToTheCapWithinTheirJitterBounds() {
    RetryPolicy p = RetryPolicy.DAEMON_DEFAULT;
    SplittableRandom r = new SplittableRandom(42);
    long[] nominal = {2, 4, 8, 16, 32, 64, 128, 250, 250, 250};
    for (int attempt = 1; attempt <= nominal.length; attempt++) {
      long d = nominal[attempt - 1] * MS;
      for (int i = 0; i < 1000; i++) {
        long delay = p.delayNanos(attempt, r);
        assertTrue(delay >= d / 2 && delay <= d, "attempt " + attempt + ": " + delay + " not in [" + d / 2 + ", " + d + "]");
      }
    }
  }

  @Test
  void jitterSpreadsOverTheWholeRange() {
    RetryPolicy p = RetryPolicy.DAEMON_DEFAULT;
    SplittableRandom r = new SplittableRandom(1);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 10_000; i++) {
      long d = p.delayNanos(20, r);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertTrue(min < 130 * MS, "min " + min);
    assertTrue(max > 245 * MS, "max " + max);
  }

  @Test
  void hugeAttemptNumbersStayAtTheCap() {
    long d = RetryPolicy.DAEMON_DEFAULT.delayNanos(Integer.MAX_VALUE, new SplittableRandom(3));
    assertTrue(d >= 125 * MS && d <= 250 * MS, String.valueOf(d));
  }

  @Test
  void factorOneKeepsTheFirstDelay() {
    RetryPolicy p = new RetryPolicy(Duration.ofMillis(10), 1.0, Duration.ofMillis(100), Duration.ofSeconds(1));
    for (int a = 1; a < 50; a++) {
      long d = p.delayNanos(a, new SplittableRandom(a));
      assertTrue(d >= 5 * MS && d <= 10 * MS);
    }
  }

  @Test
  void invalidPoliciesNameTheKeyAndTheRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(Duration.ofMillis(10), 2, Duration.ofMillis(5), Duration.ofSeconds(1)));
    assertTrue(e.getMessage().startsWith("retry.cap : "), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ZERO, 2, Duration.ofMillis(5), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ofMillis(1), 0.5, Duration.ofMillis(5), Duration.ofSeconds(1)));
  }

  @Test
  void withDeadlineKeepsTheBackoff() {
    RetryPolicy p = RetryPolicy.DAEMON_DEFAULT.withDeadline(Duration.ofSeconds(1));
    assertEquals(Duration.ofSeconds(1), p.deadline());
    assertEquals(RetryPolicy.DAEMON_DEFAULT.cap(), p.cap());
  }
}
