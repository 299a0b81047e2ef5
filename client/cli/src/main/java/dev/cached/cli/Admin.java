package dev.cached.cli;

import dev.cached.client.CachedClient;
import dev.cached.client.CachedException;
import dev.cached.client.CachedUnavailableException;
import java.nio.file.Path;
import java.time.Duration;

/** Opens admin connections for the command line. */
final class Admin {
  private Admin() {}

  /** An admin connection, or null when no daemon answers on {@code socket}. */
  static CachedClient connectOrNull(Path socket) throws CachedException {
    try {
      return CachedClient.connect(ClientTransport.options(socket, "cached-cli").timeout(Duration.ofSeconds(30)));
    } catch (CachedUnavailableException e) {
      return null;
    }
  }

  /** Says, on one line, that no daemon answers (and what is left at its place); returns exit code 3. */
  static int notRunning(Path socket) {
    System.err.println("cached is not running (no daemon answers on " + socket + ")" + Leftovers.at(socket).note());
    return Main.NOT_RUNNING;
  }
}
