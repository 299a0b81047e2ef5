package dev.cached.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The hint for a key that does not exist: the nearest real key, else the list of keys. */
final class UnknownKeys {
  private static final int MAX_DISTANCE = 3;

  private UnknownKeys() {}

  static String hint(String name) {
    ConfigKey nearest = null;
    int best = MAX_DISTANCE + 1;
    for (ConfigKey k : ConfigKey.values()) {
      int d = distance(name.toLowerCase(Locale.ROOT), k.key().toLowerCase(Locale.ROOT));
      if (d < best) {
        best = d;
        nearest = k;
      }
    }
    if (nearest != null) {
      return "did you mean " + nearest.key() + "?";
    }
    List<String> all = new ArrayList<>();
    for (ConfigKey k : ConfigKey.values()) {
      all.add(k.key());
    }
    return "expected one of: " + String.join(", ", all);
  }

  /** Levenshtein distance: the fewest single-character inserts, deletes and substitutions from a to b. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
