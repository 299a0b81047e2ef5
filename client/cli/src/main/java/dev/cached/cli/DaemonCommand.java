package dev.cached.cli;

import dev.cached.config.LoadedConfig;
import dev.cached.daemon.Daemon;
import dev.cached.daemon.lifecycle.StartupException;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cached daemon}: runs the daemon in this process until it is stopped. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
    description = "Run the daemon in the foreground (logs to the console and the state directory's cached.log).")
final class DaemonCommand implements Callable<Integer> {
  @Mixin Places places;

  @Option(names = "--background", hidden = true, description = "log to the file only (used by 'cached start')")
  boolean background;

  @Override
  public Integer call() throws Exception {
    LoadedConfig config = places.loadWithSources();
    Daemon d;
    try {
      d = Daemon.start(config, background ? Daemon.Mode.BACKGROUND : Daemon.Mode.FOREGROUND, Function.identity());
    } catch (StartupException e) {
      System.err.println("cached: " + e.getMessage());
      return 1;
    }
    return d.awaitExit();
  }
}
