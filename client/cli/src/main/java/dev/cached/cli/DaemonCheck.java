package dev.cached.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cached.client.CachedClient;
import dev.cached.client.CachedException;
import dev.cached.protocol.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code cached doctor}'s checks of the daemon: does one answer, is it this version, is it healthy, or what is left. */
final class DaemonCheck {
  private DaemonCheck() {}

  static List<Check> run(Path socket) {
    List<Check> out = new ArrayList<>();
    try (CachedClient c = Admin.connectOrNull(socket)) {
      if (c != null) {
        answering(c.status(), out);
        return out;
      }
    } catch (CachedException e) {
      out.add(Check.fix("daemon", "the daemon on " + socket + " refused a status request: " + e.getMessage()
          + "; fix: wait for it to finish stopping, or 'cached restart'"));
      return out;
    }
    Leftovers left = Leftovers.at(socket);
    if (left.none()) {
      out.add(Check.ok("daemon", "not running, nothing left at " + socket + " ('cached start' starts it)"));
    } else if (left.holderAlive()) {
      out.add(Check.fix("daemon", "pid " + left.pid() + " holds the lock of " + socket + " but does not answer; fix: if it stays so, "
          + Hints.kill(left.pid()) + ", then 'cached start'"));
    } else {
      out.add(Check.fix("stale files", "not running, but " + (left.socketFile() ? "the socket " + socket : "")
          + (left.socketFile() && left.lockFile() ? " and " : "") + (left.lockFile() ? "its lock file" : "")
          + " were left by pid " + left.pid() + ", which died; fix: none needed, 'cached start' replaces them (or remove them: "
          + Hints.remove(Hints.WINDOWS, socket, Path.of(socket + ".lock")) + ")"));
    }
    return out;
  }

  private static void answering(JsonNode s, List<Check> out) {
    String version = s.path("version").asText();
    String who = "pid " + s.path("pid").asLong() + ", version " + version + ", up " + StatusText.human(s.path("uptimeMillis").asLong());
    if (!version.equals(Version.get())) {
      out.add(Check.fix("daemon", "answers (" + who + ") but this command is version " + Version.get()
          + "; fix: 'cached restart' to run the new version"));
    } else {
      out.add(Check.ok("daemon", "answers (" + who + ")"));
    }
    for (JsonNode b : s.path("breakers")) {
      out.add(Check.fix("breaker", "writes to " + b.path("directory").asText() + " fail fast after " + b.path("failures").asInt()
          + " failures: " + b.path("reason").asText() + "; fix: make the directory writable (space, permissions); a probe retries it"));
    }
    if (s.path("shuttingDown").asBoolean()) {
      out.add(Check.fix("daemon", "is shutting down; fix: 'cached start' once it has exited"));
    }
  }
}
