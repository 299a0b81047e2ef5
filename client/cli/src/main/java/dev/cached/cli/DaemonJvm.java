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

  /** How often the daemon's JVM gives freed C-heap memory back to the system, in milliseconds. */
  static final int NATIVE_TRIM_MILLIS = 2000;

  /**
   * Periodic {@code malloc_trim} by the JVM, where {@code v} has it: 17.0.9 and later 17 updates,
   * 21.0.1 and later, 22 and later (18 to 20 never had it). Payload memory comes in 256 KiB
   * chunks from the C heap; the trim returns those a burst left free, so they need not be
   * unmapped on every free (a fresh mapping per chunk costs page faults on every burst). The
   * option was experimental in its first updates, hence the unlock, which changes nothing else.
   * {@code scripts/cached} applies the same rule to the JDK's {@code release} file.
   */
  static List<String> nativeTrimOptions(Runtime.Version v) {
    int feature = v.feature();
    int update = v.update();
    boolean has = feature >= 22 || (feature == 21 && update >= 1) || (feature == 17 && update >= 9);
    return has
        ? List.of("-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=" + NATIVE_TRIM_MILLIS)
        : List.of();
  }

  /** The base options, the native trim where this JVM has it, and the daemon's class-data archive when it is fresh. */
  static List<String> options() {
    List<String> o = new ArrayList<>(baseOptions());
    o.addAll(nativeTrimOptions(Runtime.version()));
    ClassDataArchive.forThisJar(ClassDataArchive.Kind.DAEMON).ifPresent(a -> o.addAll(a.useOptions()));
    return o;
  }
}
