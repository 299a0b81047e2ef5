package dev.cached.cli;

import java.util.concurrent.Callable;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Option;

/** {@code cached restart}: stop (draining) if running, then start; picks up a new build or config. */
@Command(footer = KeyFlags.FOOTER, name = "restart", mixinStandardHelpOptions = true,
    description = "Stop the daemon if it runs (draining queued writes, waiting for the exit), then start it again.")
final class RestartCommand implements Callable<Integer> {
  @Mixin Places places;

  @Unmatched List<String> keyFlags = new ArrayList<>();

  @Spec CommandSpec spec;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "how long to wait for the old daemon's exit (default: the config's drainTimeout + 30 s)")
  Integer timeoutSeconds;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "20", description = "how long to wait for the new socket (default ${DEFAULT-VALUE})")
  int waitSeconds;

  @Override
  public Integer call() throws Exception {
    places.keyFlags = KeyFlags.parse(spec.commandLine(), keyFlags);
    StopCommand stop = new StopCommand();
    stop.places = places;
    stop.timeoutSeconds = timeoutSeconds;
    int stopped = stop.call();
    if (stopped != 0 && stopped != Main.NOT_RUNNING) {
      return stopped;
    }
    StartCommand start = new StartCommand();
    start.places = places;
    start.spec = spec;
    start.keyFlags = keyFlags;
    start.waitSeconds = waitSeconds;
    return start.call();
  }
}
