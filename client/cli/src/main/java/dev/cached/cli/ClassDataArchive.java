package dev.cached.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A class-data-sharing archive (a JDK dynamic AppCDS archive) for one kind of JVM that runs {@code
 * cached.jar}: the daemon, or a short-lived command. A JVM that maps one skips loading, parsing and
 * verifying the archived classes, which is most of a start. It lives beside the jar ({@code
 * cached-daemon.jsa}, {@code cached-cli.jsa}) and {@link ArchiveTraining} makes it.
 *
 * <p><b>Fresh</b> means the file exists and is newer than {@code cached.jar} and every jar in the
 * {@code lib/} directory beside it; {@code scripts/cached} applies the same rule. A rebuild makes
 * the archives stale, and the next training replaces them.
 *
 * <p>Outcomes for a JVM given {@link #useOptions}: it maps the archive; or, when the archive does
 * not fit after all (another JDK, a jar changed since), it runs without it, saying nothing on its
 * output ({@link #QUIET}). A stale or missing archive gets no options at all. It never fails a
 * start. A truncated archive would (JDK 17 dies of SIGBUS mapping one), which is why an archive is
 * only ever written under a temporary name and renamed into place once complete.
 *
 * <p>Stateless apart from the two paths; safe to use from any thread.
 */
final class ClassDataArchive {
  /** What the archive is for. */
  enum Kind {
    DAEMON("cached-daemon.jsa"),
    COMMAND("cached-cli.jsa");

    final String fileName;

    Kind(String fileName) {
      this.fileName = fileName;
    }
  }

  /**
   * Share classes when the archive fits, and say nothing when it does not: a missing or mismatched
   * archive otherwise prints a warning on the command's stderr (tests compare that output).
   */
  static final List<String> QUIET = List.of("-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  private final Path jar;
  private final Path file;

  ClassDataArchive(Path jar, Kind kind) {
    this.jar = jar;
    this.file = jar.resolveSibling(kind.fileName);
  }

  /**
   * The archive of {@code kind} for the jar this JVM runs from; empty when it runs from classes
   * directories (tests, an IDE), which a JDK cannot archive.
   */
  static Optional<ClassDataArchive> forThisJar(Kind kind) {
    return runningJar().map(j -> new ClassDataArchive(j, kind));
  }

  /** {@code cached.jar} as an absolute path, when the class path is that one jar. */
  static Optional<Path> runningJar() {
    String cp = System.getProperty("java.class.path", "");
    if (cp.isEmpty() || cp.contains(java.io.File.pathSeparator) || !cp.endsWith(".jar")) {
      return Optional.empty();
    }
    Path jar = Path.of(cp).toAbsolutePath().normalize();
    return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
  }

  Path jar() {
    return jar;
  }

  Path file() {
    return file;
  }

  /** The jar and its libraries: what an archive must be newer than. */
  List<Path> jars() {
    List<Path> all = new ArrayList<>();
    all.add(jar);
    Path lib = jar.resolveSibling("lib");
    if (Files.isDirectory(lib)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(lib, "*.jar")) {
        s.forEach(all::add);
      } catch (IOException e) {
        // unreadable lib directory: the jar alone decides, and the JVM checks the rest itself
      }
    }
    return all;
  }

  /** True when {@code f} exists and is newer than every one of {@link #jars}. */
  boolean newerThanJars(Path f) {
    FileTime t;
    try {
      t = Files.getLastModifiedTime(f);
    } catch (IOException e) {
      return false;
    }
    for (Path j : jars()) {
      try {
        if (t.compareTo(Files.getLastModifiedTime(j)) <= 0) {
          return false;
        }
      } catch (IOException e) {
        return false; // a jar that vanished: stale until the next build settles
      }
    }
    return true;
  }

  boolean fresh() {
    return Files.isRegularFile(file) && Files.isReadable(file) && newerThanJars(file);
  }

  /** The JVM options that map this archive when it is fresh; none when it is not. */
  List<String> useOptions() {
    if (!fresh()) {
      return List.of();
    }
    List<String> o = new ArrayList<>(QUIET);
    o.add("-XX:SharedArchiveFile=" + file);
    return o;
  }

  /** The options that make a JVM write the classes it loaded to {@code target} when it exits. */
  static List<String> dumpOptions(Path target) {
    List<String> o = new ArrayList<>(QUIET);
    o.add("-XX:ArchiveClassesAtExit=" + target);
    return o;
  }
}
