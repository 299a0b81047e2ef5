package dev.cached.client;

import dev.cached.protocol.DefaultPlaces;
import java.nio.file.Path;

/** Where the daemon's socket is: {@code CACHED_SOCKET}, else the platform default. */
public final class Sockets {
  private Sockets() {}

  public static Path defaultSocket() {
    String env = System.getenv("CACHED_SOCKET");
    return env != null && !env.isEmpty() ? Path.of(env) : DefaultPlaces.socket();
  }
}
