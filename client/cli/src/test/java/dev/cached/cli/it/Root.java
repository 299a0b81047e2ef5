package dev.cached.cli.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one root check of the tests that make real kernel faults (chattr, mounts, another user's
 * connection): they skip, saying why, unless this JVM runs as uid 0, as CI's do.
 */
public final class Root {
  private Root() {}

  /** True when this process's user id is 0 (read from {@code /proc/self}, so sudo counts). */
  public static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue() == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Skips the calling test unless it runs as root; {@code what} names what needs it. */
  public static void assume(String what) {
    assumeTrue(isRoot(), "skipped: " + what + " needs root (running as " + System.getProperty("user.name")
        + "); run as root to include it (CI does)");
  }
}
