package dev.cached.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * JVM options for a short-lived command ({@code status}, {@code stop}, …): start fast, do not wait
 * for the optimising compiler, and map the commands' class-data archive when a fresh one is beside
 * the jar ({@link ClassDataArchive}).
 */
public final class CommandJvm {
  private CommandJvm() {}

  /** Compiler and GC: the same in {@code scripts/cached} (a test compares them). */
  static List<String> baseOptions() {
    return List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  }

  /** The base options, and the commands' class-data archive when it is fresh. */
  public static List<String> options() {
    List<String> o = new ArrayList<>(baseOptions());
    ClassDataArchive.forThisJar(ClassDataArchive.Kind.COMMAND).ifPresent(a -> o.addAll(a.useOptions()));
    return o;
  }
}
