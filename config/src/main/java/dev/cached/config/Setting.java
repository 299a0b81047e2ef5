package dev.cached.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One key's effective value during a load.
 *
 * @param value the typed value (see {@link ValueType#parse})
 * @param raw the value as given, for messages; for a default, its JSON form
 * @param source where it came from
 */
record Setting(ConfigKey key, Object value, JsonNode raw, Source source) {
  /** "128MiB from env CACHED_MAX_PAYLOAD", for naming another key in a message. */
  String describe() {
    return key.key() + " " + key.type().text(value) + " from " + source.from();
  }
}
