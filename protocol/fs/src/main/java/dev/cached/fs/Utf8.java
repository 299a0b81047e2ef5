package dev.cached.fs;

/**
 * UTF-8 lengths of path text, counted without encoding (the path checks and the temp names run
 * once per write). Counts as {@code String.getBytes(UTF_8)} does: a surrogate pair is 4 bytes, a
 * lone surrogate 1 (the encoder's {@code '?'}). A lone surrogate never reaches a file name on
 * POSIX (the JDK refuses to make such a path), and on Windows names are limited in UTF-16 units,
 * which a UTF-8 count never undercounts.
 *
 * <p>Concurrency: stateless.
 */
public final class Utf8 {
  private Utf8() {}

  /** The UTF-8 length of {@code s} from {@code from} to {@code to}. */
  public static int length(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i += chars(s, i, to)) {
      n += bytes(s, i, to);
    }
    return n;
  }

  /**
   * How many chars of {@code s}, from {@code from} on, fit in {@code maxBytes} bytes of UTF-8
   * without cutting a surrogate pair.
   */
  public static int fit(String s, int from, int maxBytes) {
    int used = 0;
    int i = from;
    while (i < s.length()) {
      int n = bytes(s, i, s.length());
      if (used + n > maxBytes) {
        break;
      }
      used += n;
      i += chars(s, i, s.length());
    }
    return i - from;
  }

  /** The UTF-8 bytes of the character at {@code i} (of the pair, when one starts there). */
  private static int bytes(String s, int i, int to) {
    char c = s.charAt(i);
    if (c < 0x80) {
      return 1;
    }
    if (c < 0x800) {
      return 2;
    }
    if (chars(s, i, to) == 2) {
      return 4;
    }
    return Character.isSurrogate(c) ? 1 : 3;
  }

  /** 2 when a surrogate pair starts at {@code i}, else 1. */
  private static int chars(String s, int i, int to) {
    return Character.isHighSurrogate(s.charAt(i)) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1)) ? 2 : 1;
  }
}
