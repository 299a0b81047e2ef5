package dev.cached.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Builds a {@link CachedConfig} from, in rising precedence: the built-in defaults, the config file,
 * the environment ({@code CACHED_*}), and command-line flags. Minimal for now: places only.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Loads the effective config.
   *
   * @param flags command-line values by key (for example {@code socket}, {@code stateDir})
   * @param env the process environment
   * @throws ConfigException naming the key, the value and what is allowed
   */
  public static CachedConfig load(Map<String, String> flags, Map<String, String> env) throws ConfigException {
    CachedConfig c = CachedConfig.defaults();
    String socket = pick(flags.get("socket"), env.get("CACHED_SOCKET"));
    String state = pick(flags.get("stateDir"), env.get("CACHED_STATE_DIR"));
    return c.withPlaces(
        socket != null ? Path.of(socket) : c.socket(),
        state != null ? Path.of(state) : c.stateDir());
  }

  private static String pick(String flag, String env) {
    if (flag != null && !flag.isEmpty()) {
      return flag;
    }
    return env != null && !env.isEmpty() ? env : null;
  }
}
