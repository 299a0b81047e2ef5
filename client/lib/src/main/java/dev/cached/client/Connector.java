package dev.cached.client;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Makes the connections of a {@link CacheWriter}: the first one (with autostart when enabled) and
 * later reconnects (a plain connect, no autostart). A failure is returned as a reason, never
 * thrown: the writer then falls back.
 *
 * <p>Concurrency: immutable after construction; the writer serialises calls.
 */
final class Connector {
  /** A connection, or why there is none. */
  record Result(CachedClient client, String reason) {}

  private final CacheWriterOptions o;
  private final Path socket;
  private final Path root;
  private final boolean autostart;
  private final Transport transport;

  Connector(CacheWriterOptions o, Path socket, Path root) {
    this.o = o;
    this.socket = socket;
    this.root = root;
    this.autostart = o.autostart != null ? o.autostart : flag(o.env.get("CACHED_AUTOSTART"));
    this.transport = o.transport != null ? o.transport : fromEnv(o.env.get(Transport.ENV));
  }

  /** A bad {@code CACHED_TRANSPORT} is logged and read as auto: an analyzer must not fail over it. */
  private static Transport fromEnv(String value) {
    try {
      return Transport.parse(value);
    } catch (IllegalArgumentException e) {
      System.getLogger("dev.cached.client").log(System.Logger.Level.WARNING, Transport.ENV + ": " + e.getMessage() + "; using auto");
      return Transport.AUTO;
    }
  }

  boolean autostart() {
    return autostart;
  }

  Result first() {
    try {
      return new Result(CachedClient.connect(clientOptions()), null);
    } catch (CachedUnavailableException e) {
      if (!autostart) {
        return new Result(null, e.getMessage() + " (autostart is off: CACHED_AUTOSTART=1 turns it on)");
      }
    } catch (CachedException e) {
      return new Result(null, e.getMessage());
    }
    try {
      return new Result(Autostart.connect(clientOptions(), socket,
          DaemonCommandLine.resolve(o.env, o.launcher), o.autostartWait, transport), null);
    } catch (CachedException | IllegalArgumentException e) {
      return new Result(null, e.getMessage());
    }
  }

  Result again() {
    try {
      return new Result(CachedClient.connect(clientOptions()), null);
    } catch (CachedException e) {
      return new Result(null, e.getMessage());
    }
  }

  private CachedClient.Options clientOptions() {
    return CachedClient.options().socket(socket).root(root).ordered(o.ordered)
        .clientName(o.clientName).timeout(o.timeout).transport(transport);
  }

  private static boolean flag(String v) {
    if (v == null) {
      return false;
    }
    String s = v.strip().toLowerCase(Locale.ROOT);
    return s.equals("1") || s.equals("true") || s.equals("yes") || s.equals("on");
  }
}
