package dev.cached.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with a config so that one load reports every problem at once, each in the
 * form {@code key : value from source (expected: what is allowed)}.
 *
 * <p>Not thread-safe; one instance lives for one load.
 */
final class Problems {
  private static final int MAX_VALUE_CHARS = 200;
  private final List<String> lines = new ArrayList<>();

  void add(String key, JsonNode value, Source source, String expected) {
    lines.add(key + " : " + show(value) + " from " + source.from() + " (expected: " + expected + ")");
  }

  /** Adds a key that does not exist: {@code key : value from source (unknown key; did you mean …?)}. */
  void addUnknown(String key, JsonNode value, Source source) {
    lines.add(key + " : " + show(value) + " from " + source.from() + " (unknown key; " + UnknownKeys.hint(key) + ")");
  }

  /** Throws if anything was added. */
  void throwIfAny() throws ConfigException {
    if (!lines.isEmpty()) {
      throw new ConfigException(lines);
    }
  }

  /** JSON text of the value (strings quoted and escaped, so control characters cannot forge log lines), cut short. */
  static String show(JsonNode value) {
    String s = value.toString();
    return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "…";
  }
}
