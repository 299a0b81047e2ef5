package dev.cached.cli.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Writes dirty pages out before a timed phase, so that one phase's writeback (the kernel flushes
 * what the previous phase wrote, on the same disk and the same cores) is not charged to the next.
 * Runs the system's {@code sync}; where there is none, the phases are timed unsettled.
 */
final class DiskSettle {
  private DiskSettle() {}

  static void now() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("sync").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      // no sync command (Windows): nothing to settle with
    }
  }
}
