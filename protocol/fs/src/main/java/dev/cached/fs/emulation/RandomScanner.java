package dev.cached.fs.emulation;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.cached.fs.FileOps;
import dev.cached.fs.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scanner of the {@code faults.holdShare} / {@code faults.holdTime} diagnostic: it holds a
 * random share of replace targets for a fixed time, just before cached first tries to replace them,
 * so the retry path can be watched (and benchmarked) on any platform. Each new temp is decided once:
 * its retries are not held again, so a held write is delayed by about the hold time.
 *
 * <p>Concurrency: thread-safe; the random source is guarded by its own monitor and the decided
 * temps live in a concurrent set.
 */
public final class RandomScanner implements Scanner {
  private final double share;
  private final Duration time;
  @GuardedBy("random")
  private final SplittableRandom random;
  private final Set<Path> decided = ConcurrentHashMap.newKeySet();

  public RandomScanner(double share, Duration time, long seed) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("faults.holdShare : " + share + " (expected: 0..1)");
    }
    this.share = share;
    this.time = time;
    this.random = new SplittableRandom(seed);
  }

  /** Wraps {@code real} in a {@link SharingEmulation} driven by a random scanner. */
  public static FileOps wrap(FileOps real, Ticker ticker, double share, Duration time, long seed) {
    return new SharingEmulation(real, ticker).scanner(new RandomScanner(share, time, seed));
  }

  @Override
  public void beforeReplace(SharingEmulation fs, Path source, Path target) {
    if (!decided.add(source)) {
      return;
    }
    double roll;
    Violation v;
    synchronized (random) {
      roll = random.nextDouble();
      v = random.nextBoolean() ? Violation.ACCESS_DENIED : Violation.SHARING_VIOLATION;
    }
    if (roll < share) {
      fs.hold(target, time, v);
    }
  }

  @Override
  public void gone(SharingEmulation fs, Path file) {
    decided.remove(file);
  }
}
