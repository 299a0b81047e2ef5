package dev.cached.client;

import java.util.Locale;

/**
 * How a client reaches the daemon. Option {@code transport} of {@link CachedClient.Options} and
 * {@link CacheWriterOptions}, else the environment variable {@code CACHED_TRANSPORT}, else {@link
 * #AUTO}.
 */
public enum Transport {
  /**
   * The Unix domain socket where this JDK has {@code AF_UNIX}; TCP through the endpoint file where
   * it has not, or where the socket does not answer but an endpoint file exists (a daemon started
   * with {@code listen = tcp}).
   */
  AUTO,
  /** The Unix domain socket only. */
  UNIX,
  /** Loopback TCP, at the address and with the cookie of the endpoint file {@code <socket>.endpoint}. */
  TCP;

  /** The environment variable that chooses the transport when no option does. */
  public static final String ENV = "CACHED_TRANSPORT";

  /**
   * {@code auto}, {@code unix} or {@code tcp}, ignoring case; null or empty is {@link #AUTO}.
   *
   * @throws IllegalArgumentException naming the value and what is allowed
   */
  public static Transport parse(String text) {
    if (text == null || text.isBlank()) {
      return AUTO;
    }
    for (Transport t : values()) {
      if (t.name().equalsIgnoreCase(text.strip())) {
        return t;
      }
    }
    throw new IllegalArgumentException("transport : '" + text + "' (expected: auto, unix or tcp)");
  }

  /** The name in options and the environment: {@code auto}, {@code unix}, {@code tcp}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
