package dev.cached.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The value types of the listeners' keys: {@code listen} and {@code tcpHost}. */
final class NetTypes {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String LISTEN_EXPECTED = "a non-empty list of unix and tcp, without repeats, like \"unix,tcp\"";
  static final String LOOPBACK_EXPECTED =
      "a loopback address (127.0.0.1, another 127.x.y.z, ::1, or localhost): the TCP listener is guarded by a "
          + "cookie, not by encryption, so it must not be reachable from other machines";
  /** An IPv4 or IPv6 literal: only these (and {@code localhost}) are accepted, so checking one never asks DNS. */
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private NetTypes() {}

  /** {@code listen}: a TOML array of words, or text with commas; each {@code unix} or {@code tcp}. */
  static ValueType listeners() {
    return new ValueType() {
      @Override
      public Object parse(JsonNode raw, ParseContext ctx) throws BadValue {
        List<String> words = new ArrayList<>();
        if (raw.isArray()) {
          for (JsonNode e : raw) {
            if (!e.isTextual()) {
              throw new BadValue(LISTEN_EXPECTED);
            }
            words.add(e.textValue());
          }
        } else if (raw.isTextual()) {
          for (String w : raw.textValue().split(",", -1)) {
            words.add(w);
          }
        } else {
          throw new BadValue(LISTEN_EXPECTED);
        }
        List<Listener> out = new ArrayList<>();
        for (String w : words) {
          Listener l = byName(w.strip());
          if (l == null || out.contains(l)) {
            throw new BadValue(LISTEN_EXPECTED);
          }
          out.add(l);
        }
        if (out.isEmpty()) {
          throw new BadValue(LISTEN_EXPECTED);
        }
        return List.copyOf(out);
      }

      @Override
      public String text(Object value) {
        return ((List<?>) value).stream().map(l -> ((Listener) l).wire()).collect(Collectors.joining(","));
      }

      @Override
      public JsonNode json(Object value) {
        ArrayNode a = NODES.arrayNode();
        for (Object l : (List<?>) value) {
          a.add(((Listener) l).wire());
        }
        return a;
      }
    };
  }

  /** {@code tcpHost}: {@code localhost} or an IP literal of a loopback address. */
  static ValueType loopbackHost() {
    return new ValueType() {
      @Override
      public Object parse(JsonNode raw, ParseContext ctx) throws BadValue {
        if (!raw.isTextual()) {
          throw new BadValue(LOOPBACK_EXPECTED);
        }
        String host = raw.textValue().strip();
        if (!isLoopback(host)) {
          throw new BadValue(LOOPBACK_EXPECTED);
        }
        return host;
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

  /** True for {@code localhost} and for IP literals of loopback addresses; never resolves a name. */
  static boolean isLoopback(String host) {
    if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
      return true;
    }
    String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!IP_LITERAL.matcher(literal).matches()) {
      return false;
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static Listener byName(String word) {
    for (Listener l : Listener.values()) {
      if (l.wire().equals(word.toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    return null;
  }
}
