package dev.cached.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the TOML config file into raw values by key. Top-level keys and tables ({@code [retry]},
 * {@code [breaker]}, {@code [log]}, {@code [faults]}) map to the dotted key names; TOML's own dotted
 * keys ({@code retry.first = "2ms"} at top level) mean the same. Anything else is an unknown key.
 *
 * <p>Stateless.
 */
final class TomlConfigFile {
  /** Larger than any sane config file; read no further. */
  static final int MAX_BYTES = 1 << 20;

  private TomlConfigFile() {}

  /**
   * Reads {@code file}.
   *
   * @param named how the file was chosen, for the message when it is missing (a flag or variable),
   *     or null for the default place
   * @return the raw values, or null when the default file does not exist
   * @throws ConfigException when the file cannot be read, is too large or is not valid TOML;
   *     unknown keys are added to {@code problems} instead
   */
  static Map<ConfigKey, JsonNode> read(Path file, Source named, Problems problems) throws ConfigException {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new ConfigException("config file " + file + " : larger than " + Sizes.format(MAX_BYTES)
            + " (expected: a small TOML file)");
      }
      root = Parser.MAPPER.readTree(bytes);
    } catch (NoSuchFileException missing) {
      if (named == null) {
        return null;
      }
      throw new ConfigException("config : \"" + file + "\" from " + named.from()
          + " (expected: an existing TOML file; there is no such file)", missing);
    } catch (JacksonException bad) {
      throw new ConfigException("config file " + file + " : not valid TOML (" + bad.getOriginalMessage() + ")", bad);
    } catch (IOException unreadable) {
      throw new ConfigException("config file " + file + " : cannot be read (" + unreadable + ")", unreadable);
    }
    Map<ConfigKey, JsonNode> values = new EnumMap<>(ConfigKey.class);
    if (root == null || !root.isObject()) {
      return values;
    }
    Source source = Source.file(file);
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (isTable(name)) {
        readTable(name, value, source, values, problems);
      } else {
        put(name, value, source, values, problems);
      }
    }
    return values;
  }

  private static void readTable(
      String table, JsonNode value, Source source, Map<ConfigKey, JsonNode> values, Problems problems) {
    if (!value.isObject()) {
      problems.add(table, value, source, "a table with keys " + String.join(", ", keysOf(table)));
      return;
    }
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      put(table + "." + field.getKey(), field.getValue(), source, values, problems);
    }
  }

  private static void put(
      String name, JsonNode value, Source source, Map<ConfigKey, JsonNode> values, Problems problems) {
    ConfigKey key = ConfigKey.byKey(name).orElse(null);
    if (key == null) {
      problems.addUnknown(name, value, source);
    } else {
      values.put(key, value);
    }
  }

  private static boolean isTable(String name) {
    for (ConfigKey k : ConfigKey.values()) {
      if (k.table().filter(name::equals).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Holds the mapper, so that it is built only once a file has been read: most runs have no config
   * file, and building a TOML mapper costs a command tens of milliseconds of class loading.
   */
  private static final class Parser {
    static final TomlMapper MAPPER = new TomlMapper();
  }

  /** The names of the keys in {@code table}, without the table prefix. */
  private static Set<String> keysOf(String table) {
    Set<String> names = new TreeSet<>();
    for (ConfigKey k : ConfigKey.values()) {
      if (k.table().filter(table::equals).isPresent()) {
        names.add(k.key().substring(table.length() + 1));
      }
    }
    return names;
  }
}
