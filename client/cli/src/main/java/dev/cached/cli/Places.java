package dev.cached.cli;

import dev.cached.config.CachedConfig;
import dev.cached.config.ConfigException;
import dev.cached.config.ConfigLoader;
import dev.cached.config.LoadedConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every subcommand takes: where the daemon's socket, state and config are. */
final class Places {
  @Option(names = "--socket", paramLabel = "PATH", description = "the daemon's socket (env CACHED_SOCKET; default per platform)")
  Path socket;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "logs, lock and known roots (env CACHED_STATE_DIR; default per platform)")
  Path stateDir;

  @Option(names = "--config", paramLabel = "FILE", description = "config file, or 'none' for no file (env CACHED_CONFIG; default per platform)")
  String config;

  @Option(names = "--transport", paramLabel = "auto|unix|tcp",
      description = "how this command reaches the daemon: the Unix socket, or loopback TCP through <socket>.endpoint (env CACHED_TRANSPORT; default auto)")
  void transport(String word) {
    ClientTransport.choose(word);
  }

  /** Other config keys given as flags, by key name (see {@link KeyFlags}); set by the commands that take them. */
  Map<String, String> keyFlags = Map.of();

  /** The effective config with these options as flags. */
  CachedConfig load() throws ConfigException {
    return loadWithSources().config();
  }

  /** The effective config and where each value came from. */
  LoadedConfig loadWithSources() throws ConfigException {
    return ConfigLoader.loadWithSources(flags(), System.getenv());
  }

  /** These options as config flags, for a child daemon. */
  Map<String, String> flags() {
    Map<String, String> f = new HashMap<>(keyFlags);
    if (socket != null) {
      f.put("socket", socket.toAbsolutePath().toString());
    }
    if (stateDir != null) {
      f.put("stateDir", stateDir.toAbsolutePath().toString());
    }
    if (config != null) {
      f.put("config", config.equals("none") ? config : Path.of(config).toAbsolutePath().toString());
    }
    return f;
  }
}
