package dev.cached.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cached.config.CachedConfig;
import dev.cached.daemon.lifecycle.LogSetup;
import dev.cached.fs.OwnerOnly;
import dev.cached.daemon.lifecycle.SocketPlace;
import dev.cached.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code cached doctor}'s checks of the file system: the private directories, the logs, the roots. */
final class PlaceChecks {
  private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

  private PlaceChecks() {}

  static Check privateDir(String name, Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return Check.ok(name, dir + " does not exist yet ('cached start' creates it owner-only: mode 700, or an owner-only ACL on Windows)");
    }
    try {
      Optional<String> problem = SocketPlace.problem(dir);
      if (problem.isPresent()) {
        return Check.fix(name, problem.get());
      }
      if (!Files.isWritable(dir)) {
        return Check.fix(name, dir + " is not writable by you; fix: " + (WINDOWS
            ? "'icacls \"" + dir + "\" /grant \"%USERNAME%:(OI)(CI)F\"'" : "'chmod u+rwx " + dir + "'"));
      }
      String how = OwnerOnly.describe(dir);
      if (how.isEmpty()) {
        return Check.fix(name, dir + ": this file system has neither POSIX modes nor ACLs, so who may use the socket"
            + " cannot be checked; fix: choose a place on a local NTFS, APFS or Linux file system (--socket / --state-dir)");
      }
      return Check.ok(name, dir + " (yours, " + how + ")");
    } catch (IOException e) {
      return Check.fix(name, "cannot read " + dir + ": " + e.getMessage() + "; fix: make it readable, or choose another place");
    }
  }


  /**
   * The log files against their cap, {@code log.maxFileSize * (log.maxHistory + 1)}, plus {@code
   * daemon.out} and its one rolled copy against twice {@link DaemonOut#ROLL_AT} (they roll at start).
   */
  static Check logSize(CachedConfig c) {
    Path state = c.stateDir();
    long cap = c.logMaxFileSize() * (c.logMaxHistory() + 1L) + 2 * DaemonOut.ROLL_AT;
    // A line may end past the roll size; allow one long line per file before calling it a problem.
    long slack = 64 * 1024L * (c.logMaxHistory() + 3L);
    try {
      List<Path> files = new ArrayList<>(LogSetup.logFiles(state));
      for (Path p : List.of(DaemonOut.of(state), state.resolve("daemon.out.1"))) {
        if (Files.exists(p)) {
          files.add(p);
        }
      }
      long total = 0;
      List<Path> beyond = new ArrayList<>();
      for (Path p : files) {
        total += Files.size(p);
        if (rolledIndex(p) > c.logMaxHistory()) {
          beyond.add(p);
        }
      }
      String found = StatusText.bytes(total) + " in " + files.size() + " files in " + state + " (cap " + StatusText.bytes(cap) + ")";
      if (total <= cap + slack && beyond.isEmpty()) {
        return Check.ok("log size", found);
      }
      String rm = beyond.isEmpty() ? "the rolled logs: rm " + state.resolve("cached.*.log") : "files beyond log.maxHistory: rm " + join(beyond);
      return Check.fix("log size", found + "; fix: remove " + rm);
    } catch (IOException e) {
      return Check.fix("log size", "cannot list " + state + ": " + e.getMessage());
    }
  }

  private static int rolledIndex(Path p) {
    String n = p.getFileName().toString();
    if (!n.startsWith("cached.") || n.equals("cached.log")) {
      return 0;
    }
    try {
      return Integer.parseInt(n.substring("cached.".length(), n.length() - ".log".length()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Each configured root must be a directory you can write. */
  static List<Check> allowedRoots(CachedConfig c) {
    List<Check> out = new ArrayList<>();
    if (c.allowedRoots().isEmpty()) {
      out.add(Check.ok("allowed roots", "any directory you can write (allowedRoots is empty)"));
    }
    for (Path r : c.allowedRoots()) {
      out.add(root("allowed root", r, "remove it from allowedRoots"));
    }
    return out;
  }

  /** The roots in {@code roots.json} that still exist must be writable; gone ones are harmless. */
  static List<Check> knownRoots(CachedConfig c) {
    Path file = c.stateDir().resolve("roots.json");
    if (!Files.exists(file)) {
      return List.of(Check.ok("known roots", "none yet (" + file + " does not exist)"));
    }
    JsonNode n;
    try {
      n = Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      return List.of(Check.fix("known roots", "cannot read " + file + ": " + e.getMessage() + "; fix: rm " + file
          + " (the daemon forgets which roots to sweep for old temps, nothing else)"));
    }
    List<Check> out = new ArrayList<>();
    int present = 0;
    int gone = 0;
    for (JsonNode r : n) {
      Path p = Path.of(r.asText());
      if (!Files.exists(p)) {
        gone++;
        continue;
      }
      present++;
      Check one = root("known root", p, "or, if it is no longer a cache, remove it from " + file);
      if (!one.ok()) {
        out.add(one);
      }
    }
    out.add(0, Check.ok("known roots", present + " in " + file + (gone > 0 ? " (" + gone + " more no longer exist)" : "")
        + (out.isEmpty() ? ", all writable" : "")));
    return out;
  }

  private static Check root(String name, Path r, String alternative) {
    if (!Files.exists(r)) {
      return Check.fix(name, r + " does not exist; fix: 'mkdir -p " + r + "', or " + alternative);
    }
    if (!Files.isDirectory(r)) {
      return Check.fix(name, r + " is not a directory; fix: " + alternative);
    }
    if (!Files.isWritable(r)) {
      return Check.fix(name, r + " is not writable by you; fix: 'chmod u+w " + r + "', or " + alternative);
    }
    return Check.ok(name, r + " is writable");
  }

  private static String join(List<Path> ps) {
    StringBuilder b = new StringBuilder();
    for (Path p : ps) {
      b.append(b.length() == 0 ? "" : " ").append(p);
    }
    return b.toString();
  }
}
