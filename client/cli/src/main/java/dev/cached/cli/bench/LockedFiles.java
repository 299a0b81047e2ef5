package dev.cached.cli.bench;

import dev.cached.fs.emulation.RandomScanner;
import dev.cached.fs.FileOps;
import dev.cached.fs.Ticker;
import java.time.Duration;

/**
 * The direct writer's view of the emulated scanner: the very emulation the daemon's {@code
 * faults.*} diagnostic uses, so both sides of the locked scenario meet the same holds.
 */
final class LockedFiles {
  private LockedFiles() {}

  /** {@code fs} with {@code share} of replace targets held for {@code holdMillis}. */
  static FileOps emulate(FileOps fs, double share, int holdMillis) {
    return RandomScanner.wrap(fs, Ticker.system(), share, Duration.ofMillis(holdMillis), 42);
  }
}
