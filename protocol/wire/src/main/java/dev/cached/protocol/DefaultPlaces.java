package dev.cached.protocol;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The per-platform default places of the socket, the state directory and the config file.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>platform</th><th>socket</th><th>state</th><th>config file</th></tr>
 *   <tr><td>Linux</td><td>$XDG_RUNTIME_DIR/cached/cached.sock, else ~/.cache/cached/cached.sock</td>
 *       <td>$XDG_STATE_HOME/cached, else ~/.local/state/cached</td>
 *       <td>$XDG_CONFIG_HOME/cached/config.toml, else ~/.config/cached/config.toml</td></tr>
 *   <tr><td>macOS</td><td>~/Library/Caches/cached/cached.sock</td>
 *       <td>~/Library/Application Support/cached</td>
 *       <td>~/Library/Application Support/cached/config.toml</td></tr>
 *   <tr><td>Windows</td><td>%LOCALAPPDATA%\cached\cached.sock</td><td>%LOCALAPPDATA%\cached\state</td>
 *       <td>%APPDATA%\cached\config.toml</td></tr>
 * </table>
 *
 * The environment variables {@code CACHED_SOCKET}, {@code CACHED_STATE_DIR} and {@code
 * CACHED_CONFIG} override these (see {@link ConfigLoader}).
 */
public final class DefaultPlaces {
  private DefaultPlaces() {}

  /** The platform family, by {@code os.name}. */
  public enum Os {
    LINUX,
    MACOS,
    WINDOWS;

    public static Os current() {
      String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
      if (name.startsWith("windows")) {
        return WINDOWS;
      }
      if (name.startsWith("mac")) {
        return MACOS;
      }
      return LINUX;
    }
  }

  public static Path socket() {
    return socket(Os.current(), System.getenv(), home());
  }

  public static Path stateDir() {
    return stateDir(Os.current(), System.getenv(), home());
  }

  public static Path configFile() {
    return configFile(Os.current(), System.getenv(), home());
  }

  public static Path socket(Os os, Map<String, String> env, Path home) {
    switch (os) {
      case WINDOWS:
        return localAppData(env, home).resolve("cached").resolve("cached.sock");
      case MACOS:
        return home.resolve("Library/Caches/cached/cached.sock");
      default:
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isEmpty()) {
          return Path.of(runtime, "cached", "cached.sock");
        }
        return home.resolve(".cache/cached/cached.sock");
    }
  }

  public static Path stateDir(Os os, Map<String, String> env, Path home) {
    switch (os) {
      case WINDOWS:
        return localAppData(env, home).resolve("cached").resolve("state");
      case MACOS:
        return home.resolve("Library/Application Support/cached");
      default:
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isEmpty()) {
          return Path.of(state, "cached");
        }
        return home.resolve(".local/state/cached");
    }
  }

  public static Path configFile(Os os, Map<String, String> env, Path home) {
    switch (os) {
      case WINDOWS:
        String appData = env.get("APPDATA");
        Path base = appData != null && !appData.isEmpty() ? Path.of(appData) : home.resolve("AppData/Roaming");
        return base.resolve("cached").resolve("config.toml");
      case MACOS:
        return home.resolve("Library/Application Support/cached/config.toml");
      default:
        String cfg = env.get("XDG_CONFIG_HOME");
        if (cfg != null && !cfg.isEmpty()) {
          return Path.of(cfg, "cached", "config.toml");
        }
        return home.resolve(".config/cached/config.toml");
    }
  }

  private static Path localAppData(Map<String, String> env, Path home) {
    String v = env.get("LOCALAPPDATA");
    return v != null && !v.isEmpty() ? Path.of(v) : home.resolve("AppData/Local");
  }

  /** The user's home directory. */
  public static Path home() {
    return Path.of(System.getProperty("user.home"));
  }
}
