package dev.cached.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The config file's duration text: a non-negative whole number and a unit, or a bare {@code 0}.
 *
 * <pre>
 *   "250ms"  "10s"  "2m"  "1h"  "1d"  "500us"  "0"
 * </pre>
 *
 * Units are {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h} and {@code d} (24 h),
 * lower case; one space between number and unit is allowed. Fractions ({@code 1.5s}) and compound
 * forms ({@code 1m30s}) are not. {@link #format} writes the largest unit that divides the value, so
 * {@code parse(format(d)).equals(d)} for every duration that {@code parse} can return.
 */
public final class Durations {
  private static final Pattern SHAPE = Pattern.compile("(\\d{1,19}) ?(ns|us|ms|s|m|h|d)");
  private static final String[] NAMES = {"d", "h", "m", "s", "ms", "us", "ns"};
  private static final ChronoUnit[] UNITS = {
    ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS,
    ChronoUnit.MILLIS, ChronoUnit.MICROS, ChronoUnit.NANOS
  };

  /** What a duration looks like, for error messages. */
  static final String EXPECTED = "a duration like 250ms, 10s, 2m";

  private Durations() {}

  /**
   * Parses duration text.
   *
   * @throws IllegalArgumentException naming the text and the expected shape
   */
  public static Duration parse(String text) {
    Duration d = parseOrNull(text);
    if (d == null) {
      throw new IllegalArgumentException("duration : \"" + text + "\" (expected: " + EXPECTED + ")");
    }
    return d;
  }

  /** Parses duration text, or returns null when it is not one (including when it overflows). */
  static Duration parseOrNull(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SHAPE.matcher(text);
    if (!m.matches()) {
      return null;
    }
    try {
      long amount = Long.parseLong(m.group(1));
      for (int i = 0; i < NAMES.length; i++) {
        if (NAMES[i].equals(m.group(2))) {
          return Duration.of(amount, UNITS[i]);
        }
      }
      return null;
    } catch (NumberFormatException | ArithmeticException overflow) {
      return null;
    }
  }

  /** Writes a duration in the largest unit that divides it: {@code 90s} gives "90s", {@code 2m} "2m". */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    if (d.isNegative()) {
      return d.toString();
    }
    for (int i = 0; i < UNITS.length; i++) {
      Duration unit = UNITS[i].getDuration();
      if (d.toNanos() % unit.toNanos() == 0 || i == UNITS.length - 1) {
        return d.dividedBy(unit) + NAMES[i];
      }
    }
    throw new AssertionError("unreachable");
  }
}
