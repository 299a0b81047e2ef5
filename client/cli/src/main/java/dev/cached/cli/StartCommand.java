package dev.cached.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.client.CachedClient;
import dev.cached.config.CachedConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cached start}: starts the daemon in the background; idempotent. */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Start the daemon in the background and return once its socket answers. Already running: says so, exit 0.")
final class StartCommand implements Callable<Integer> {
  @Mixin Places places;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "20", description = "how long to wait for the socket (default ${DEFAULT-VALUE})")
  int waitSeconds;

  @Override
  public Integer call() throws Exception {
    CachedConfig config = places.load();
    try (CachedClient c = Admin.connectOrNull(config.socket())) {
      if (c != null) {
        ObjectNode s = c.status();
        System.out.println("cached is already running (pid " + s.path("pid").asLong() + ") on " + config.socket());
        return 0;
      }
    }
    Files.createDirectories(config.stateDir());
    Path out = config.stateDir().resolve("daemon.out");
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.addAll(DaemonJvm.options());
    cmd.add(Main.class.getName());
    cmd.add("daemon");
    cmd.add("--background");
    for (Map.Entry<String, String> f : places.flags().entrySet()) {
      cmd.add("--" + (f.getKey().equals("stateDir") ? "state-dir" : f.getKey()));
      cmd.add(f.getValue());
    }
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")))
        .start();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(waitSeconds);
    long delayMs = 5;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        System.err.println("cached: the daemon exited with code " + p.exitValue() + " before its socket answered; see " + out);
        System.err.print(tail(out));
        return 1;
      }
      try (CachedClient c = Admin.connectOrNull(config.socket())) {
        if (c != null) {
          System.out.println("cached started (pid " + p.pid() + ") on " + config.socket() + " in "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms; log " + config.stateDir().resolve("cached.log"));
          return 0;
        }
      }
      p.waitFor(delayMs, TimeUnit.MILLISECONDS);
      delayMs = Math.min(200, delayMs * 2);
    }
    System.err.println("cached: the daemon (pid " + p.pid() + ") did not answer on " + config.socket() + " within " + waitSeconds + " s; see " + out);
    return 1;
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 10), lines.size())) + System.lineSeparator();
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
