package dev.cached.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cached.fs.FsyncPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The scalar value types: integers, sizes, numbers, durations and choices. Paths are in {@link PathTypes}. */
final class ValueTypes {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d{1,19}(\\.\\d{1,19})?([eE][+-]?\\d{1,3})?");

  private ValueTypes() {}

  /** A whole number in {@code min..max}; TOML integer or its text. */
  static ValueType integer(int min, int max) {
    String expected = "an integer " + min + ".." + max;
    return new ValueType() {
      @Override
      public Object parse(JsonNode raw, ParseContext ctx) throws BadValue {
        long n = wholeNumber(raw, expected);
        if (n < min || n > max) {
          throw new BadValue(expected);
        }
        return (int) n;
      }

      @Override
      public String text(Object value) {
        return value.toString();
      }

      @Override
      public JsonNode json(Object value) {
        return NODES.numberNode((Integer) value);
      }
    };
  }

  /** A byte count in {@code min..max}: a TOML integer, or text like "64MiB" (see {@link Sizes}). */
  static ValueType size(long min, long max) {
    String range = "a size from " + Sizes.format(min) + " to " + Sizes.format(max) + " bytes";
    return new ValueType() {
      @Override
      public Object parse(JsonNode raw, ParseContext ctx) throws BadValue {
        long n;
        if (raw.isIntegralNumber() && raw.canConvertToLong()) {
          n = raw.longValue();
        } else if (raw.isTextual()) {
          n = Sizes.parseOrNegative(raw.textValue().strip());
          if (n < 0) {
            throw new BadValue(Sizes.EXPECTED);
          }
        } else {
          throw new BadValue(Sizes.EXPECTED);
        }
        if (n < min || n > max) {
          throw new BadValue(range);
        }
        return n;
      }

      @Override
      public String text(Object value) {
        return Sizes.format((Long) value);
      }

      @Override
      public JsonNode json(Object value) {
        return NODES.numberNode((Long) value);
      }
    };
  }

  /** A decimal number in {@code min..max}; TOML float or integer, or its text. No NaN or infinity. */
  static ValueType number(double min, double max) {
    String expected = "a number " + plain(min) + ".." + plain(max);
    return new ValueType() {
      @Override
      public Object parse(JsonNode raw, ParseContext ctx) throws BadValue {
        double d;
        if (raw.isNumber()) {
          d = raw.doubleValue();
        } else if (raw.isTextual() && DECIMAL.matcher(raw.textValue().strip()).matches()) {
          d = Double.parseDouble(raw.textValue().strip());
        } else {
          throw new BadValue(expected);
        }
        if (!(d >= min && d <= max)) {
          throw new BadValue(expected);
        }
        return d;
      }

      @Override
      public String text(Object value) {
        return plain((Double) value);
      }

      @Override
      public JsonNode json(Object value) {
        return NODES.numberNode((Double) value);
      }
    };
  }

  /**
   * A duration in {@code min..max} (see {@link Durations}); with {@code offAllowed}, also {@code
   * off} or {@code 0}, meaning zero, which is then written as "off".
   */
  static ValueType duration(Duration min, Duration max, boolean offAllowed) {
    String shape = Durations.EXPECTED + (offAllowed ? ", or off" : "");
    String range = "a duration from " + Durations.format(min) + " to " + Durations.format(max)
        + (offAllowed ? ", or off" : "");
    return new ValueType() {
      @Override
      public Object parse(JsonNode raw, ParseContext ctx) throws BadValue {
        Duration d;
        if (raw.isIntegralNumber() && raw.canConvertToLong() && raw.longValue() == 0) {
          d = Duration.ZERO;
        } else if (raw.isTextual()) {
          String s = raw.textValue().strip();
          d = offAllowed && s.equalsIgnoreCase("off") ? Duration.ZERO : Durations.parseOrNull(s);
          if (d == null) {
            throw new BadValue(shape);
          }
        } else {
          throw new BadValue(shape);
        }
        if (offAllowed && d.isZero()) {
          return d;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
          throw new BadValue(range);
        }
        return d;
      }

      @Override
      public String text(Object value) {
        Duration d = (Duration) value;
        return offAllowed && d.isZero() ? "off" : Durations.format(d);
      }

      @Override
      public JsonNode json(Object value) {
        return NODES.textNode(text(value));
      }
    };
  }

  /** One of a fixed list of words, matched ignoring case; the value is the listed spelling. */
  static ValueType choice(List<String> words) {
    String expected = "one of " + String.join(", ", words);
    return new ValueType() {
      @Override
      public Object parse(JsonNode raw, ParseContext ctx) throws BadValue {
        if (raw.isTextual()) {
          String s = raw.textValue().strip().toLowerCase(Locale.ROOT);
          for (String w : words) {
            if (w.toLowerCase(Locale.ROOT).equals(s)) {
              return w;
            }
          }
        }
        throw new BadValue(expected);
      }

      @Override
      public String text(Object value) {
        return (String) value;
      }

      @Override
      public JsonNode json(Object value) {
        return NODES.textNode((String) value);
      }
    };
  }

  /** An {@link FsyncPolicy} by its wire name: none, file or file+dir. */
  static ValueType fsync() {
    List<String> names = List.of(FsyncPolicy.NONE.wire(), FsyncPolicy.FILE.wire(), FsyncPolicy.FILE_DIR.wire());
    ValueType words = choice(names);
    return new ValueType() {
      @Override
      public Object parse(JsonNode raw, ParseContext ctx) throws BadValue {
        return FsyncPolicy.parse((String) words.parse(raw, ctx));
      }

      @Override
      public String text(Object value) {
        return ((FsyncPolicy) value).wire();
      }

      @Override
      public JsonNode json(Object value) {
        return NODES.textNode(text(value));
      }
    };
  }

  private static long wholeNumber(JsonNode raw, String expected) throws BadValue {
    if (raw.isIntegralNumber() && raw.canConvertToLong()) {
      return raw.longValue();
    }
    if (raw.isTextual() && INTEGER.matcher(raw.textValue().strip()).matches()) {
      try {
        return Long.parseLong(raw.textValue().strip());
      } catch (NumberFormatException tooLong) {
        throw new BadValue(expected);
      }
    }
    throw new BadValue(expected);
  }

  /** 1.0 as "1", 0.25 as "0.25". */
  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
