package dev.cached.cli;

import dev.cached.client.CachedClient;
import dev.cached.client.Transport;
import java.nio.file.Path;

/**
 * How this command-line process reaches the daemon: {@code --transport}, else {@code
 * CACHED_TRANSPORT}, else {@code auto}. One command runs per process, so this is a per-process
 * setting, like the environment variable it overrides.
 *
 * <p>Concurrency: set once while the arguments are parsed, read afterwards (volatile).
 */
public final class ClientTransport {
  private static volatile Transport chosen;

  private ClientTransport() {}

  /** Sets the transport from {@code --transport}; a bad word is an {@link IllegalArgumentException} naming it. */
  public static void choose(String word) {
    chosen = Transport.parse(word);
  }

  /** The chosen transport. */
  public static Transport chosen() {
    Transport t = chosen;
    return t != null ? t : Transport.parse(System.getenv(Transport.ENV));
  }

  /** True when the daemon this process starts must listen on TCP too, for this process to reach it. */
  public static boolean needsTcp() {
    return chosen() == Transport.TCP;
  }

  /** Client options for the daemon on {@code socket} over the chosen transport. */
  public static CachedClient.Options options(Path socket, String clientName) {
    return CachedClient.options().socket(socket).clientName(clientName).transport(chosen());
  }
}
