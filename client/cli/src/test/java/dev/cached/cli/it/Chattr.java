package dev.cached.cli.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code chattr ±i}: a target whose rename fails with EPERM until it is cleared (root only). */
final class Chattr {
  private Chattr() {}

  static void immutable(Path p, boolean on) throws IOException, InterruptedException {
    Process proc = new ProcessBuilder("chattr", on ? "+i" : "-i", p.toString()).redirectErrorStream(true).start();
    if (!proc.waitFor(30, TimeUnit.SECONDS) || proc.exitValue() != 0) {
      throw new IOException("chattr " + (on ? "+i " : "-i ") + p + ": " + new String(proc.getInputStream().readAllBytes()));
    }
  }
}
