package dev.cached.fs;

import java.io.File;

/** The null device, {@code /dev/null} or Windows' {@code NUL}: a child process's empty input. */
public final class NullDevice {
  /** The device as a file. */
  public static final File FILE = new File(ErrorClassifier.ON_WINDOWS ? "NUL" : "/dev/null");

  private NullDevice() {}

  /** A redirect that gives a child process no input (reads see end of file at once). */
  public static ProcessBuilder.Redirect input() {
    return ProcessBuilder.Redirect.from(FILE);
  }
}
