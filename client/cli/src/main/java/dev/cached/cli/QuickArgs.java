package dev.cached.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The plain command lines of the two commands whose start time matters, parsed without picocli:
 * {@code daemon} (what {@code cached start}, a client's autostart and the services run) and {@code
 * status}. picocli's classes are Java 5 class files, which no class-data archive keeps, and loading
 * them was a third of such a start.
 *
 * <p>Plain means: every argument is {@code --name value} or {@code --name=value} with a name the
 * command has (for {@code daemon}, any other name is a config key, as picocli passes it on), or a
 * flag the command has; no name twice, no value that starts with {@code -}, no empty value, no help
 * or version request. Anything else returns {@code null} from {@link #parse}, and picocli parses,
 * reports and runs it as ever. {@code QuickArgsTest} checks that the two agree on what this accepts.
 *
 * <p>Stateless.
 */
final class QuickArgs {
  /** The options every command has ({@link Places}), without their dashes. */
  static final Set<String> PLACES = Set.of("socket", "state-dir", "config");
  /** {@code daemon}'s and {@code status}'s own flags; QuickArgsTest checks these against their @Options. */
  static final Set<String> DAEMON_FLAGS = Set.of("background");
  static final Set<String> STATUS_FLAGS = Set.of("json", "watch");

  private QuickArgs() {}

  /** Runs a plain command line, or returns null when picocli must. */
  static Integer run(String[] args) {
    Object command = parse(args);
    if (command == null) {
      return null;
    }
    try {
      Integer exit = command instanceof DaemonCommand d ? d.run() : ((StatusCommand) command).call();
      return exit == null ? 0 : exit;
    } catch (Exception e) {
      System.err.println("cached: " + e.getMessage()); // as Main's execution exception handler
      return 1;
    }
  }

  /**
   * The command ({@link DaemonCommand} or {@link StatusCommand}) with its fields set as picocli would
   * set them, or null when the line is not plain.
   */
  static Object parse(String[] args) {
    if (args.length == 0) {
      return null;
    }
    switch (args[0]) {
      case "daemon":
        return daemon(args);
      case "status":
        return status(args);
      default:
        return null;
    }
  }

  private static DaemonCommand daemon(String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> flags = new HashSet<>();
    if (!split(args, DAEMON_FLAGS, values, flags)) {
      return null;
    }
    DaemonCommand d = new DaemonCommand();
    d.places = places(values);
    if (d.places == null) {
      return null;
    }
    d.background = flags.contains("background");
    Map<String, String> keys = new LinkedHashMap<>(values);
    keys.keySet().removeAll(PLACES);
    d.places.keyFlags = keys;
    return d;
  }

  private static StatusCommand status(String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> flags = new HashSet<>();
    if (!split(args, STATUS_FLAGS, values, flags) || !PLACES.containsAll(values.keySet())) {
      return null;
    }
    StatusCommand s = new StatusCommand();
    s.places = places(values);
    if (s.places == null) {
      return null;
    }
    s.json = flags.contains("json");
    s.watch = flags.contains("watch");
    return s;
  }

  /** The place options, or null when a path is not one (picocli says so, with the usage). */
  private static Places places(Map<String, String> values) {
    Places p = new Places();
    try {
      p.socket = values.containsKey("socket") ? Path.of(values.get("socket")) : null;
      p.stateDir = values.containsKey("state-dir") ? Path.of(values.get("state-dir")) : null;
    } catch (InvalidPathException e) {
      return null;
    }
    p.config = values.get("config");
    return p;
  }

  /**
   * Splits {@code args[1..]} into option values by name and the given {@code flagNames}; false
   * when any argument is not plain.
   */
  private static boolean split(String[] args, Set<String> flagNames, Map<String, String> values, Set<String> flags) {
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() == 2) {
        return false;
      }
      int eq = a.indexOf('=');
      String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
      if (name.isEmpty() || name.equals("help") || name.equals("version") || values.containsKey(name) || flags.contains(name)) {
        return false;
      }
      if (flagNames.contains(name)) {
        if (eq >= 0) {
          return false;
        }
        flags.add(name);
        continue;
      }
      String value;
      if (eq >= 0) {
        value = a.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        return false;
      }
      if (value.isEmpty() || value.startsWith("-")) {
        return false;
      }
      values.put(name, value);
    }
    return true;
  }
}
