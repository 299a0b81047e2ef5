package dev.cached.cli;

import dev.cached.config.LoadedConfig;
import dev.cached.daemon.Daemon;
import dev.cached.daemon.lifecycle.StartupException;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Option;

/** {@code cached daemon}: runs the daemon in this process until it is stopped. */
@Command(footer = KeyFlags.FOOTER, name = "daemon", mixinStandardHelpOptions = true,
    description = "Run the daemon in the foreground (logs to the console and the state directory's cached.log).")
final class DaemonCommand implements Callable<Integer> {
  @Mixin Places places;

  @Unmatched List<String> keyFlags = new ArrayList<>();

  @Spec CommandSpec spec;

  @Option(names = "--background", hidden = true, description = "log to the file only (used by 'cached start')")
  boolean background;

  @Override
  public Integer call() throws Exception {
    places.keyFlags = KeyFlags.parse(spec.commandLine(), keyFlags);
    return run();
  }

  /** Runs the daemon on {@link #places}, their key flags already parsed (also {@link QuickArgs}). */
  Integer run() throws Exception {
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
