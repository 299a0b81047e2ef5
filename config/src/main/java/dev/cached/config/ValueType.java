package dev.cached.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one kind of config value is read, checked and written back. Stateless; shared by all keys of
 * the kind.
 *
 * <p>A raw value is a TOML node from the config file, or a text node from the environment or a
 * flag, so every type accepts text as well as its native TOML form.
 */
interface ValueType {
  /**
   * Reads and range-checks a raw value.
   *
   * @return the typed value: an {@code Integer}, {@code Long} (sizes), {@code Double}, {@code
   *     Duration}, {@code Path}, {@code List<Path>}, {@code List<Listener>}, {@code String} or {@code FsyncPolicy}
   * @throws BadValue saying what would have been allowed
   */
  Object parse(JsonNode raw, ParseContext ctx) throws BadValue;

  /** The value as a user would write it (a duration as "250ms", a size as "64MiB"). */
  String text(Object value);

  /** The value for the status JSON: numbers as numbers, durations as their text. */
  JsonNode json(Object value);
}
