package dev.cached.cli.it;

import dev.cached.fs.NullDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs the {@code cached} command as a real process, as a user would, against one test daemon's places. */
final class Cli {
  private static final AtomicInteger RUNS = new AtomicInteger();

  /** What a run printed and returned. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Path dir;
  private final Path socket;
  private final Path stateDir;

  Cli(Path dir, Path socket, Path stateDir) {
    this.dir = dir;
    this.socket = socket;
    this.stateDir = stateDir;
  }

  static Cli of(DaemonProcess d) {
    return new Cli(d.dir(), d.socket(), d.stateDir());
  }

  /** {@code cached <command> --socket … --state-dir … --config none <args>}. */
  Result run(String command, String... args) throws IOException, InterruptedException {
    return run(Map.of(), command, args);
  }

  Result run(Map<String, String> env, String command, String... args) throws IOException, InterruptedException {
    List<String> cmd = DaemonProcess.cachedCommand();
    cmd.add(1, "-XX:TieredStopAtLevel=1"); // a short-lived command, as the launcher runs it
    cmd.add(command);
    cmd.addAll(List.of("--socket", socket.toString(), "--state-dir", stateDir.toString()));
    if (!List.of(args).contains("--config")) {
      cmd.addAll(List.of("--config", "none"));
    }
    cmd.addAll(List.of(args));
    return exec(cmd, env);
  }

  /** Runs {@code cmd} with its output in files (no pipe to fill), waiting up to 90 s. */
  Result exec(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
    int n = RUNS.incrementAndGet();
    Path out = dir.resolve("cli-" + n + ".out");
    Path err = dir.resolve("cli-" + n + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(NullDevice.input());
    pb.environment().keySet().removeIf(k -> k.startsWith("CACHED_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("cached " + cmd.subList(cmd.indexOf("dev.cached.cli.Main") + 1, cmd.size()) + " did not return within 90 s");
    }
    // println ends lines with \r\n on Windows: tests compare text with \n, as on POSIX
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).replace("\r\n", "\n"),
        Files.readString(err, StandardCharsets.UTF_8).replace("\r\n", "\n"));
  }

  Path socket() {
    return socket;
  }

  Path stateDir() {
    return stateDir;
  }
}
