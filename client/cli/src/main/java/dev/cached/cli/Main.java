package dev.cached.cli;

import dev.cached.protocol.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cached} command.
 *
 * <p>Exit codes: 0 ok, 1 failure, 2 usage, 3 daemon not running.
 */
@Command(
    name = "cached",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Owns cache-file writes for analyzer processes: atomic, retried, off the caller's thread.",
    subcommands = {
      DaemonCommand.class,
      StartCommand.class,
      StopCommand.class,
      StatusCommand.class,
      WriteCommand.class,
      FlushCommand.class,
      dev.cached.cli.bench.BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ok", "1:failure", "2:usage error", "3:daemon not running"})
public final class Main {
  /** Exit code: the daemon is not running. */
  public static final int NOT_RUNNING = 3;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests and embedding). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("cached: " + e.getMessage());
          return 1;
        });
    return cl.execute(args);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cached " + Version.get() + " (protocol 1, Java " + Runtime.version() + ")"};
    }
  }
}
