package dev.cached.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded config with the provenance of every value, for {@code cached config} and {@code cached
 * status}. Immutable.
 *
 * @param config the effective config
 * @param entries one per key, in the order of {@link ConfigKey}
 * @param configFile the config file that was consulted (named by flag or {@code CACHED_CONFIG}, or
 *     the default place)
 * @param configFileRead whether that file existed and was read; false only for a missing default file
 */
public record LoadedConfig(CachedConfig config, List<Entry> entries, Path configFile, boolean configFileRead) {

  /**
   * One key's effective value.
   *
   * @param key the key's name, like {@code retry.deadline}
   * @param value the value as one would write it in the file: {@code 60s}, {@code 64MiB}, {@code
   *     file+dir}, a path, or a list of paths as a JSON array
   * @param source {@code default}, {@code file <path>}, {@code env CACHED_X} or {@code flag --x}
   */
  public record Entry(String key, String value, String source) {}

  public LoadedConfig {
    entries = List.copyOf(entries);
  }

  /** The entry for the key named {@code key}, if there is such a key. */
  public Optional<Entry> entry(String key) {
    return entries.stream().filter(e -> e.key().equals(key)).findFirst();
  }

  /**
   * The effective values keyed by key name, for the status JSON: sizes and counts as numbers
   * (bytes), durations as text ({@code "250ms"}, {@code "off"}), paths as text, {@code
   * allowedRoots} as an array.
   *
   * <pre>
   * {"socket":"/run/user/1000/cached/cached.sock", …, "maxPayload":67108864, …, "retry.first":"2ms", …}
   * </pre>
   */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (ConfigKey k : ConfigKey.values()) {
      node.set(k.key(), k.type().json(k.get(config)));
    }
    return node;
  }

  /** Like {@link #toJson()}, each value as {@code {"value": …, "source": "env CACHED_X"}}. */
  public ObjectNode toJsonWithSources() {
    ObjectNode values = toJson();
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (Entry e : entries) {
      ObjectNode one = node.putObject(e.key());
      one.set("value", values.get(e.key()));
      one.put("source", e.source());
    }
    return node;
  }
}
