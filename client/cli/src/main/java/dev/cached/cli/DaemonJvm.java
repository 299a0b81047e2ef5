package dev.cached.cli;

import java.util.List;

/** JVM options for a daemon started in the background: small heap, serial GC (a 2-core friendly, low-RSS choice). */
final class DaemonJvm {
  private DaemonJvm() {}

  static List<String> options() {
    return List.of(
        "-Xms16m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:-ShrinkHeapInSteps",
        "-Xss512k"); // as scripts/cached
  }
}
