package dev.cached.client;

import java.util.Locale;

/** What {@link CacheWriter} does with writes while no daemon answers. */
public enum FallbackMode {
  /** Write in the caller's thread: temp file beside the target, atomic replace, short retries. */
  INLINE,
  /** Drop the write (cache writes are optional for most tools). */
  SKIP;

  /** Parses {@code inline} or {@code skip}, as in {@code CACHED_FALLBACK}. */
  public static FallbackMode parse(String text) {
    for (FallbackMode m : values()) {
      if (m.name().equalsIgnoreCase(text.strip())) {
        return m;
      }
    }
    throw new IllegalArgumentException("CACHED_FALLBACK : '" + text + "' (expected: inline or skip)");
  }

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
