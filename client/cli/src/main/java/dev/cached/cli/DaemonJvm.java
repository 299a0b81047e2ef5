package dev.cached.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JVM options for a daemon: small heap, serial GC (a 2-core friendly, low-RSS choice), and its
 * class-data archive when a fresh one is beside the jar ({@link ClassDataArchive}).
 */
final class DaemonJvm {
  private DaemonJvm() {}

  /** The resource that holds {@code scripts/daemon.jvmopts}, copied into the jar by the build. */
  static final String OPTIONS_FILE = "daemon.jvmopts";

  /**
   * Heap, GC, stack, and native access for Netty's epoll library, from {@code
   * scripts/daemon.jvmopts}, the argument file that both launchers pass to {@code java} too: one
   * source for every way a daemon starts.
   */
  static List<String> baseOptions() {
    try (InputStream in = DaemonJvm.class.getResourceAsStream(OPTIONS_FILE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + OPTIONS_FILE + " is missing from the jar: rebuild it (mvn package)");
      }
      return parseArgFile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + OPTIONS_FILE, e);
    }
  }

  /** The options of a java argument file as the daemon's file uses it: words, '#' lines skipped. */
  static List<String> parseArgFile(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.addAll(List.of(t.split("\\s+")));
      }
    }
    return List.copyOf(out);
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
