package dev.cached.config;

import dev.cached.protocol.DefaultPlaces;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which config file a load reads: the flag {@code config}, else {@code CACHED_CONFIG}, else the
 * platform's default place.
 *
 * @param path the file to read, or null for none ({@code none} was given)
 * @param namedBy the flag or variable that named it, or null for the default place (which may be absent)
 * @param skipped when {@code path} is null, the default place that was not read; else null
 */
record ConfigFile(Path path, Source namedBy, Path skipped) {

  static ConfigFile choose(Map<String, String> flags, Map<String, String> env, ParseContext ctx)
      throws ConfigException {
    String flag = ConfigLoader.set(flags.get(ConfigLoader.CONFIG_FLAG));
    String variable = ConfigLoader.set(env.get(ConfigLoader.CONFIG_ENV));
    Path defaultPlace = DefaultPlaces.configFile(ctx.os(), env, ctx.home());
    if (flag != null) {
      return named(flag, Source.flag(ConfigLoader.CONFIG_FLAG), ctx, defaultPlace);
    }
    if (variable != null) {
      return named(variable, Source.env(ConfigLoader.CONFIG_ENV), ctx.withRelativeBase(null), defaultPlace);
    }
    return new ConfigFile(defaultPlace, null, null);
  }

  private static ConfigFile named(String text, Source source, ParseContext ctx, Path defaultPlace)
      throws ConfigException {
    if (text.equals(ConfigLoader.NO_FILE)) {
      return new ConfigFile(null, source, defaultPlace);
    }
    Path p = PathTypes.toPath(text, ctx);
    if (p == null) {
      Problems problems = new Problems();
      problems.add(ConfigLoader.CONFIG_FLAG, JsonNodeFactory.instance.textNode(text), source,
          "an absolute path, or one starting with ~/, or " + ConfigLoader.NO_FILE);
      problems.throwIfAny();
    }
    return new ConfigFile(p, source, null);
  }
}
