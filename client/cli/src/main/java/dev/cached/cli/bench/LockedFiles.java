package dev.cached.cli.bench;

import dev.cached.fs.FileOps;

/** The direct writer's view of the emulated scanner: the same emulation the daemon's fault injection uses. */
final class LockedFiles {
  private LockedFiles() {}

  /** True once the emulation is wired. */
  static boolean available() {
    return false;
  }

  /** {@code fs} with {@code share} of replace targets held for {@code holdMillis}. */
  static FileOps emulate(FileOps fs, double share, int holdMillis) {
    throw new UnsupportedOperationException("the sharing emulation is not wired yet");
  }
}
