package dev.cached.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.config.LoadedConfig;
import dev.cached.protocol.Json;
import java.util.concurrent.Callable;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Option;

/**
 * {@code cached config}: the effective config that a daemon started from here would run with, and
 * where each value came from. A bad value is reported the way the daemon reports it (exit 1).
 */
@Command(footer = KeyFlags.FOOTER, name = "config", mixinStandardHelpOptions = true,
    description = "Print the effective config and the source of every value (default, file, env, flag).")
final class ConfigCommand implements Callable<Integer> {
  @Mixin Places places;

  @Unmatched List<String> keyFlags = new ArrayList<>();

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "print {configFile, configFileRead, values: {key: {value, source}}}")
  boolean json;

  @Override
  public Integer call() throws Exception {
    places.keyFlags = KeyFlags.parse(spec.commandLine(), keyFlags);
    LoadedConfig loaded = places.loadWithSources();
    if (json) {
      ObjectNode n = Json.object();
      n.put("configFile", loaded.configFile() == null ? null : loaded.configFile().toString());
      n.put("configFileRead", loaded.configFileRead());
      n.set("values", loaded.toJsonWithSources());
      System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(n));
      return 0;
    }
    System.out.println("config file: " + describeFile(loaded));
    int width = loaded.entries().stream().mapToInt(e -> e.key().length()).max().orElse(10);
    int valueWidth = Math.min(40, loaded.entries().stream().mapToInt(e -> e.value().length()).max().orElse(10));
    for (LoadedConfig.Entry e : loaded.entries()) {
      System.out.printf("%-" + width + "s  %-" + valueWidth + "s  %s%n", e.key(), e.value(), e.source());
    }
    return 0;
  }

  private String describeFile(LoadedConfig loaded) {
    String named = places.config != null ? places.config : System.getenv("CACHED_CONFIG");
    if ("none".equals(named) && !loaded.configFileRead()) {
      return "none (" + (places.config != null ? "--config " : "CACHED_CONFIG=") + "none)";
    }
    return loaded.configFile() + (loaded.configFileRead() ? "" : " (not found: built-in defaults)");
  }
}
