package dev.cached.cli.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Process CPU clocks, for the table's <em>cores</em> column: how many of the machine's cores a
 * run kept busy (CPU time over wall time). A direct run at 4 or 16 clients that keeps every core
 * busy with the kernel's file work leaves the daemon, which must do the same file work and its
 * own on top, no core to finish sooner on.
 */
final class Cores {
  private Cores() {}

  /** This JVM's CPU time so far (every thread, user and system), in ns; -1 where the JVM cannot tell. */
  static long bench() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Process {@code pid}'s CPU time so far in ns (the kernel's tick resolution), or -1. */
  static long process(long pid) {
    if (pid <= 0) {
      return -1;
    }
    return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
  }

  /** CPU time over wall time, or -1 when a clock could not tell. */
  static double of(long cpuNanos, double wallMillis) {
    return cpuNanos < 0 || wallMillis <= 0 ? -1 : cpuNanos / (wallMillis * 1e6);
  }

  /** {@code after - before}, or -1 when either is unknown. */
  static long delta(long before, long after) {
    return before < 0 || after < 0 ? -1 : after - before;
  }
}
