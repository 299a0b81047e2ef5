package dev.cached.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cached.protocol.Json;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which command starts the daemon for autostart. The first that is set wins:
 *
 * <ol>
 *   <li>{@code CACHED_DAEMON_CMD}: the argv of the {@code cached} command, as a JSON array of
 *       strings ({@code ["java","-jar","/opt/cached/cached.jar"]}), or the path of an existing
 *       file as it is ({@code C:\Program Files\cached\scripts\cached.cmd}), or words separated by
 *       white space, where double quotes keep a word with spaces whole ({@code "C:\Program
 *       Files\cached\scripts\cached.cmd" --config c.toml});
 *   <li>{@code cached} found on {@code PATH} ({@code cached.cmd} or {@code cached.exe} on Windows);
 *   <li>the launcher path given in the options.
 * </ol>
 *
 * The client appends {@code daemon --background --socket <socket>} to it ({@link #daemonLaunch}).
 *
 * <p>Stateless.
 */
final class DaemonCommandLine {
  /** The environment variable that names the command. */
  static final String ENV = "CACHED_DAEMON_CMD";

  private DaemonCommandLine() {}

  /** The command, or an empty list when none is configured or found. */
  static List<String> resolve(Map<String, String> env, Path launcher) {
    String text = env.get(ENV);
    if (text != null && !text.isBlank()) {
      return parse(text);
    }
    Path onPath = findOnPath(env.get("PATH"));
    if (onPath != null) {
      return List.of(onPath.toString());
    }
    return launcher == null ? List.of() : List.of(launcher.toString());
  }

  /**
   * The argv and extra environment that start a background daemon on {@code socket} with {@code
   * command}. A Windows batch file ({@code .cmd}, {@code .bat}) runs under {@code cmd /c}, which
   * strips the first and last quote of a command line with more than two, so {@code "C:\Program
   * Files\...\cached.cmd" ... "C:\Users\John Smith\...\cached.sock"} breaks; there the socket
   * goes in {@code CACHED_SOCKET} (the same config key) and no argument but the program needs quotes.
   */
  static Launch daemonLaunch(List<String> command, Path socket, boolean windows) {
    List<String> argv = new ArrayList<>(command);
    argv.addAll(List.of("daemon", "--background"));
    String program = command.get(0).toLowerCase(Locale.ROOT);
    if (windows && (program.endsWith(".cmd") || program.endsWith(".bat"))) {
      return new Launch(List.copyOf(argv), Map.of("CACHED_SOCKET", socket.toString()));
    }
    argv.addAll(List.of("--socket", socket.toString()));
    return new Launch(List.copyOf(argv), Map.of());
  }

  /** A command line and the environment variables to add for it. */
  record Launch(List<String> argv, Map<String, String> env) {}

  /** A JSON array of strings, an existing file's path, or words separated by white space. */
  static List<String> parse(String text) {
    String t = text.strip();
    if (t.startsWith("[")) {
      try {
        String[] argv = Json.mapper().readValue(t, String[].class);
        if (argv.length == 0 || Arrays.stream(argv).anyMatch(a -> a == null || a.isEmpty())) {
          throw new IllegalArgumentException(ENV + " : '" + text + "' (expected: a non-empty JSON array of non-empty strings)");
        }
        return List.of(argv);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(ENV + " : '" + text + "' (expected: a JSON array of strings: " + e.getOriginalMessage() + ")", e);
      }
    }
    if (isFile(t)) {
      return List.of(t); // a launcher under C:\Program Files, unquoted
    }
    return words(text, t);
  }

  private static boolean isFile(String t) {
    try {
      return Files.isRegularFile(Path.of(t));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** White-space separated words; a double-quoted stretch keeps its spaces and loses its quotes. */
  private static List<String> words(String text, String t) {
    List<String> out = new ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (word != null) {
          out.add(word.toString());
          word = null;
        }
      } else {
        word = (word == null ? new StringBuilder() : word).append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException(ENV + " : '" + text + "' (expected: every double quote closed)");
    }
    if (word != null) {
      out.add(word.toString());
    }
    if (out.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException(ENV + " : '" + text + "' (expected: no empty word)");
    }
    return List.copyOf(out);
  }

  private static Path findOnPath(String path) {
    if (path == null) {
      return null;
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    List<String> names = windows ? List.of("cached.cmd", "cached.exe") : List.of("cached");
    List<Path> candidates = new ArrayList<>();
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      for (String n : names) {
        try {
          candidates.add(Path.of(dir, n));
        } catch (InvalidPathException ignored) {
          // an unusable PATH entry is skipped, as a shell does
        }
      }
    }
    for (Path c : candidates) {
      if (Files.isRegularFile(c) && Files.isExecutable(c)) {
        return c;
      }
    }
    return null;
  }
}
