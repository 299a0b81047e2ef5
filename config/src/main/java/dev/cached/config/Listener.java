package dev.cached.config;

import dev.cached.protocol.DefaultPlaces;
import java.util.List;
import java.util.Locale;

/**
 * A transport the daemon listens on ({@code listen}): the Unix domain socket, or loopback TCP with
 * a cookie (for clients without {@code AF_UNIX}, such as CPython on Windows).
 */
public enum Listener {
  UNIX,
  TCP;

  /** The name in config and status: {@code unix}, {@code tcp}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code unix} on Linux and macOS; {@code unix,tcp} on Windows, where most clients have no AF_UNIX. */
  public static List<Listener> defaults(DefaultPlaces.Os os) {
    return os == DefaultPlaces.Os.WINDOWS ? List.of(UNIX, TCP) : List.of(UNIX);
  }
}
