package dev.cached.cli;

import dev.cached.fs.OutputRoll;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code daemon.out} in the state directory: what a background daemon's JVM writes to its file
 * descriptors before its log is set up, or outside Java code (a start failure, a JVM crash notice).
 * Everything the daemon's own code prints goes to the rolling log instead. Before each start the
 * file is rolled to {@code daemon.out.1} once it passes {@link #ROLL_AT}, so the two stay small.
 */
final class DaemonOut {
  static final long ROLL_AT = 1024 * 1024;

  private DaemonOut() {}

  static Path of(Path stateDir) {
    return stateDir.resolve("daemon.out");
  }

  /**
   * Rolls the file over if it is too big; returns its path. A daemon that still holds it open
   * (hung, or stopping) does not stop the roll on Windows ({@link OutputRoll}).
   */
  static Path rollAndGet(Path stateDir) throws IOException {
    Path out = of(stateDir);
    OutputRoll.roll(out, ROLL_AT);
    return out;
  }
}
