package dev.cached.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * JVM options for a daemon: small heap, serial GC (a 2-core friendly, low-RSS choice), and its
 * class-data archive when a fresh one is beside the jar ({@link ClassDataArchive}).
 */
final class DaemonJvm {
  private DaemonJvm() {}

  /**
   * Heap, GC, stack, and native access for Netty's epoll library (JDK 24 and later print a warning
   * on every start without it; JDK 17 accepts it silently): the same in {@code scripts/cached} (a
   * test compares them).
   */
  static List<String> baseOptions() {
    return List.of(
        "-Xms16m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:-ShrinkHeapInSteps",
        "-Xss512k", "--enable-native-access=ALL-UNNAMED");
  }

  /** The base options, and the daemon's class-data archive when it is fresh. */
  static List<String> options() {
    List<String> o = new ArrayList<>(baseOptions());
    ClassDataArchive.forThisJar(ClassDataArchive.Kind.DAEMON).ifPresent(a -> o.addAll(a.useOptions()));
    return o;
  }
}
