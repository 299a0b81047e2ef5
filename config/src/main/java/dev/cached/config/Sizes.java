package dev.cached.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The config file's size text: a whole number of bytes, optionally with a unit.
 *
 * <pre>
 *   "512KiB" = 524288     "64MiB" = 67108864     "10MB" = 10000000     "4096" = 4096
 * </pre>
 *
 * Binary units {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} are powers of 1024; decimal units
 * {@code KB}, {@code MB}, {@code GB}, {@code TB} are powers of 1000; {@code B} is one byte. Units
 * are matched ignoring case; one space between number and unit is allowed; fractions are not.
 * {@link #format} prefers a binary unit, then a decimal one, then plain bytes, so {@code
 * parse(format(n)) == n} for every {@code n >= 0}.
 */
public final class Sizes {
  private static final Pattern SHAPE = Pattern.compile("(\\d{1,19}) ?([A-Za-z]{0,3})");
  private static final String[] NAMES = {"TiB", "GiB", "MiB", "KiB", "TB", "GB", "MB", "KB"};
  private static final long[] FACTORS = {
    1L << 40, 1L << 30, 1L << 20, 1L << 10, 1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L
  };

  /** What a size looks like, for error messages. */
  static final String EXPECTED = "a size in bytes like 4096, 512KiB, 64MiB, 10MB";

  private Sizes() {}

  /**
   * Parses size text.
   *
   * @throws IllegalArgumentException naming the text and the expected shape
   */
  public static long parse(String text) {
    long n = parseOrNegative(text);
    if (n < 0) {
      throw new IllegalArgumentException("size : \"" + text + "\" (expected: " + EXPECTED + ")");
    }
    return n;
  }

  /** Parses size text, or returns -1 when it is not one (including when it overflows a long). */
  static long parseOrNegative(String text) {
    Matcher m = SHAPE.matcher(text);
    if (!m.matches()) {
      return -1;
    }
    try {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2).toLowerCase(Locale.ROOT);
      if (unit.isEmpty() || unit.equals("b")) {
        return amount;
      }
      for (int i = 0; i < NAMES.length; i++) {
        if (NAMES[i].toLowerCase(Locale.ROOT).equals(unit)) {
          return Math.multiplyExact(amount, FACTORS[i]);
        }
      }
      return -1;
    } catch (NumberFormatException | ArithmeticException overflow) {
      return -1;
    }
  }

  /** Writes a size with the largest unit that divides it: 67108864 gives "64MiB", 1500 "1500". */
  public static String format(long bytes) {
    if (bytes > 0) {
      for (int i = 0; i < NAMES.length; i++) {
        if (bytes % FACTORS[i] == 0) {
          return bytes / FACTORS[i] + NAMES[i];
        }
      }
    }
    return Long.toString(bytes);
  }
}
