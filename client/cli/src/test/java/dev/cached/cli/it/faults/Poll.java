package dev.cached.cli.it.faults;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waits for a condition on another process (the daemon) with a deadline, looking again every few ms. */
final class Poll {
  /** A condition that may throw while the other process is not there yet. */
  @FunctionalInterface
  interface Probe<T> {
    /** The value once the condition holds, else null. */
    T get() throws Exception;
  }

  private Poll() {}

  static <T> T until(Duration deadline, String what, Probe<T> probe) throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    Exception last = null;
    while (true) {
      try {
        T v = probe.get();
        if (v != null) {
          return v;
        }
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() > end) {
        AssertionError e = new AssertionError("not within " + deadline + ": " + what);
        if (last != null) {
          e.initCause(last);
        }
        throw e;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // polling another process: nothing to be notified by
    }
  }
}
