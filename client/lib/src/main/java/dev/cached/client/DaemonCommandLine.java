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
 *       strings ({@code ["java","-jar","/opt/cached/cached.jar"]}) or separated by white space
 *       ({@code /opt/cached/bin/cached});
 *   <li>{@code cached} found on {@code PATH} ({@code cached.cmd} or {@code cached.exe} on Windows);
 *   <li>the launcher path given in the options.
 * </ol>
 *
 * The client appends {@code daemon --background --socket <socket>} to it.
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

  /** A JSON array of strings, or words separated by white space. */
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
    return List.of(t.split("\\s+"));
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
