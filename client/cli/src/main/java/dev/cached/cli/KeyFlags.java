package dev.cached.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Config keys given as flags ({@code --retry.deadline 5m} or {@code --retry.deadline=5m}), for the
 * commands that start a daemon or show its config. The loader rejects a name that is no key, with
 * the nearest real one.
 */
final class KeyFlags {
  static final String FOOTER = "%nAny config key may also be given as a flag: --retry.deadline 5m, --log.level=debug (see config/CONFIG.md).";

  private KeyFlags() {}

  static Map<String, String> parse(CommandLine cmd, List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--") || a.length() == 2) {
        throw new CommandLine.ParameterException(cmd, "unexpected argument: " + a + " (expected: --<config key> <value>)");
      }
      int eq = a.indexOf('=');
      if (eq > 0) {
        out.put(a.substring(2, eq), a.substring(eq + 1));
      } else if (i + 1 < args.size()) {
        out.put(a.substring(2), args.get(++i));
      } else {
        throw new CommandLine.ParameterException(cmd, "no value for " + a);
      }
    }
    return out;
  }
}
