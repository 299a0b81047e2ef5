package dev.cached.cli;

import java.nio.file.Path;

/**
 * Commands named in messages, spelled for the platform. On Windows a background daemon cannot be
 * asked to drain by a signal (SIGTERM reaches a Windows process only at console close, logoff or
 * shutdown, and the process is killed once the handler returns), so {@code cached stop} is the way,
 * and the last resort is {@code taskkill /F}, which does not drain.
 */
final class Hints {
  static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

  private Hints() {}

  /** How to end process {@code pid} when it no longer answers {@code cached stop}. */
  static String kill(long pid, boolean windows) {
    return windows ? "'taskkill /F /PID " + pid + "' (ends it without a drain)" : "'kill " + pid + "' (it drains)";
  }

  static String kill(String pid) {
    return kill(Long.parseLong(pid), WINDOWS);
  }

  /** How to remove files left behind. */
  static String remove(boolean windows, Path... files) {
    StringBuilder b = new StringBuilder(windows ? "del /f" : "rm -f");
    for (Path f : files) {
      b.append(' ').append(windows ? "\"" + f + "\"" : f.toString());
    }
    return b.toString();
  }
}
