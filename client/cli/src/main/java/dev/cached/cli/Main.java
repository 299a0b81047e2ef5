package dev.cached.cli;

import dev.cached.protocol.Version;
import java.util.List;
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
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ok", "1:failure", "2:usage error", "3:daemon not running"})
public final class Main {
  /** Exit code: the daemon is not running. */
  public static final int NOT_RUNNING = 3;

  /** The subcommands, in the order help lists them (a method: no picocli class loads unless needed). */
  private static List<Class<?>> subcommands() {
    return List.of(
        DaemonCommand.class,
        StartCommand.class,
        StopCommand.class,
        RestartCommand.class,
        StatusCommand.class,
        DoctorCommand.class,
        ConfigCommand.class,
        WriteCommand.class,
        FlushCommand.class,
        dev.cached.cli.bench.BenchCommand.class,
        CdsCommand.class,
        CommandLine.HelpCommand.class);
  }

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests and embedding). */
  public static int run(String... args) {
    Integer quick = QuickArgs.run(args);
    return quick != null ? quick : commandLine(args).execute(args);
  }

  /** The picocli command line for {@code args}, ready to execute. */
  static CommandLine commandLine(String... args) {
    CommandLine cl = new CommandLine(new Main());
    // picocli builds a subcommand's model by reflection when it is added (about a tenth of a second
    // for all of them), and its classes cannot be in the class-data archive (Java 5 class files): add
    // only the one that runs. Help, a version request or an unknown name get them all.
    Class<?> named = args.length > 0 ? subcommandNamed(args[0]) : null;
    for (Class<?> c : subcommands()) {
      if (named == null || c == named) {
        cl.addSubcommand(c);
      }
    }
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("cached: " + e.getMessage());
          return 1;
        });
    return cl;
  }

  private static Class<?> subcommandNamed(String name) {
    for (Class<?> c : subcommands()) {
      if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cached " + Version.get() + " (protocol 1, Java " + Runtime.version() + ")"};
    }
  }
}
