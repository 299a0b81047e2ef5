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

  /** The base options and the daemon's class-data archive when it is fresh. */
  static List<String> options() {
    List<String> o = new ArrayList<>(baseOptions());
    ClassDataArchive.forThisJar(ClassDataArchive.Kind.DAEMON).ifPresent(a -> o.addAll(a.useOptions()));
    return o;
  }
}
