package dev.cached.fs;

/**
 * A source of monotonic time in nanoseconds. Everything that measures or waits reads one, so tests
 * can drive time by hand (Caffeine's {@code Ticker}).
 */
@FunctionalInterface
public interface Ticker {
  long nanos();

  /** The system's monotonic clock. */
  static Ticker system() {
    return System::nanoTime;
  }
}
