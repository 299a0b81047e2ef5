package dev.cached.cli.service;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the service scripts and the tools that check their output as real processes, each
 * with a bounded wait. Output goes to files in a scratch directory, so a chatty process can
 * never block on a full pipe.
 */
final class ScriptRunner {

  /** Longest a single script or checker may run before the test fails. */
  static final long TIMEOUT_SECONDS = 60;

  /** What a finished process left behind. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    Result assertSuccess() {
      if (exitCode != 0) {
        fail("expected exit code 0 from " + this);
      }
      return this;
    }

    @Override
    public String toString() {
      return String.join(" ", command) + " (exit " + exitCode + ")\n--- stdout\n" + stdout
          + "--- stderr\n" + stderr;
    }
  }

  private final Path scratch;
  private final Map<String, String> environment = new HashMap<>();
  private int runs;

  ScriptRunner(Path scratch) {
    this.scratch = scratch;
  }

  /** Sets a variable in the environment of every later run. */
  ScriptRunner env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Runs {@code bash script args...} in {@code workDir}. */
  Result bash(Path workDir, Path script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    return run(workDir, command);
  }

  Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
    int n = ++runs;
    Path out = scratch.resolve("run-" + n + ".out");
    Path err = scratch.resolve("run-" + n + ".err");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
    }
    return new Result(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static File nullFile() {
    return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  /** The executable {@code name} on PATH, if there is one. */
  static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      for (String suffix : List.of("", ".exe", ".cmd")) {
        Path candidate = Path.of(dir, name + suffix);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The repository root: the nearest directory above the working directory (the module
   * directory under Maven) that holds {@code scripts/service}.
   */
  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("scripts/service"))) {
        return d;
      }
    }
    throw new IllegalStateException("no scripts/service above " + dir);
  }

  /**
   * Copies {@code scripts/service} of the repository to {@code dest/scripts/service}, so a
   * test may break a template without touching the real one. Returns the copy.
   */
  static Path copyServiceScripts(Path dest) throws IOException {
    Path from = repoRoot().resolve("scripts/service");
    Path to = dest.resolve("scripts/service");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    return to;
  }

  /** Writes an executable shell script that exits 0, standing in for the launcher. */
  static Path fakeLauncher(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path launcher = dir.resolve("cached");
    Files.writeString(launcher, "#!/bin/sh\nexit 0\n", StandardCharsets.UTF_8);
    if (!launcher.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + launcher + " executable");
    }
    return launcher;
  }
}
