package dev.cached.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.client.CachedClient;
import dev.cached.config.CachedConfig;
import dev.cached.daemon.lifecycle.SocketPlace;
import dev.cached.daemon.lifecycle.StartupException;
import dev.cached.protocol.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Option;

/** {@code cached start}: starts the daemon in the background; idempotent. */
@Command(footer = KeyFlags.FOOTER, name = "start", mixinStandardHelpOptions = true,
    description = "Start the daemon in the background and return once its socket answers. Already running: says so, exit 0.")
final class StartCommand implements Callable<Integer> {
  @Mixin Places places;

  @Unmatched List<String> keyFlags = new ArrayList<>();

  @Spec CommandSpec spec;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "20", description = "how long to wait for the socket (default ${DEFAULT-VALUE})")
  int waitSeconds;

  @Override
  public Integer call() throws Exception {
    places.keyFlags = KeyFlags.parse(spec.commandLine(), keyFlags);
    if (ClientTransport.needsTcp() && !places.keyFlags.containsKey("listen")) {
      places.keyFlags.put("listen", "unix,tcp"); // else this command could not reach the daemon it starts
    }
    CachedConfig config = places.load();
    try (CachedClient c = Admin.connectOrNull(config.socket())) {
      if (c != null) {
        return alreadyRunning(c.status(), config);
      }
    }
    try {
      SocketPlace.preparePrivateDir(config.stateDir());
    } catch (StartupException e) {
      System.err.println("cached: " + e.getMessage());
      return 1;
    }
    Path out = DaemonOut.rollAndGet(config.stateDir());
    long t0 = System.nanoTime();
    Process p = DaemonLauncher.spawn(places.flags(), Map.of(), out);
    long deadline = t0 + TimeUnit.SECONDS.toNanos(waitSeconds);
    long delayMs = 5;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        try (CachedClient c = Admin.connectOrNull(config.socket())) {
          if (c != null) { // another start won the race
            return alreadyRunning(c.status(), config);
          }
        }
        System.err.println("cached: the daemon exited with code " + p.exitValue() + " before its socket answered; see " + out);
        System.err.print(tail(out));
        return 1;
      }
      try (CachedClient c = Admin.connectOrNull(config.socket())) {
        if (c != null) {
          System.out.println("cached started (pid " + p.pid() + ") on " + config.socket() + " in "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms; log " + dev.cached.daemon.lifecycle.LogSetup.logFile(config.stateDir()));
          return 0;
        }
      }
      p.waitFor(delayMs, TimeUnit.MILLISECONDS);
      delayMs = Math.min(DaemonLauncher.POLL_CAP_MS, delayMs * 2);
    }
    System.err.println("cached: the daemon (pid " + p.pid() + ") did not answer on " + config.socket() + " within " + waitSeconds + " s; see " + out);
    return 1;
  }

  private static int alreadyRunning(ObjectNode s, CachedConfig config) {
    String version = s.path("version").asText();
    String upgrade = version.equals(Version.get()) ? "" : "; it runs version " + version + ", this is " + Version.get() + ": 'cached restart' to switch";
    System.out.println("cached is already running (pid " + s.path("pid").asLong() + ") on " + config.socket() + upgrade);
    return 0;
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
