package dev.cached.config;

import dev.cached.protocol.DefaultPlaces;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link CachedConfig} from, in rising precedence: the built-in defaults, the config file,
 * the environment ({@code CACHED_*}), and command-line flags. Every value is checked once, here;
 * a load either returns a config that the daemon can use as it is, or throws a {@link
 * ConfigException} that lists every problem, each naming the key, the value, its source and what is
 * allowed. {@code config/CONFIG.md} is the reference for the keys.
 *
 * <p>The config file is the one named by the flag {@code config}, else by {@code CACHED_CONFIG},
 * else {@link DefaultPlaces#configFile()}. A named file must exist; the default one may be absent.
 * The name {@code none} means: read no file.
 *
 * <p>Empty flag or environment values count as not set. {@code CACHED_*} variables that name no key
 * are ignored (the client has variables of its own); unknown keys in the file or the flags are errors.
 *
 * <p>Stateless; safe to call from any thread.
 */
public final class ConfigLoader {
  /** The flag key that names the config file. */
  public static final String CONFIG_FLAG = "config";
  /** The environment variable that names the config file. */
  public static final String CONFIG_ENV = "CACHED_CONFIG";
  /** The file name that means "read no config file". */
  public static final String NO_FILE = "none";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ConfigLoader() {}

  /**
   * Loads the effective config.
   *
   * @param flags command-line values by key name ({@code socket}, {@code stateDir}, {@code
   *     retry.deadline}, …) and {@code config} for the config file; relative paths resolve against
   *     the working directory
   * @param env the process environment
   * @throws ConfigException naming each bad key, its value, its source and what is allowed
   */
  public static CachedConfig load(Map<String, String> flags, Map<String, String> env) throws ConfigException {
    return loadWithSources(flags, env).config();
  }

  /** Like {@link #load}, and says where each value came from. */
  public static LoadedConfig loadWithSources(Map<String, String> flags, Map<String, String> env)
      throws ConfigException {
    ParseContext ctx = new ParseContext(DefaultPlaces.Os.current(), DefaultPlaces.home(), Path.of("").toAbsolutePath());
    return load(flags, env, ctx);
  }

  /** The load with the platform, home and working directory given (tests). */
  static LoadedConfig load(Map<String, String> flags, Map<String, String> env, ParseContext ctx)
      throws ConfigException {
    Problems problems = new Problems();
    ParseContext strict = ctx.withRelativeBase(null);

    ConfigFile file = ConfigFile.choose(flags, env, ctx);
    Map<ConfigKey, JsonNode> fromFile = file.path() == null
        ? null
        : TomlConfigFile.read(file.path(), file.namedBy(), problems);
    for (String name : flags.keySet()) {
      if (!name.equals(CONFIG_FLAG) && ConfigKey.byKey(name).isEmpty() && set(flags.get(name)) != null) {
        problems.addUnknown(name, NODES.textNode(flags.get(name)), Source.flag(name));
      }
    }

    CachedConfig defaults = CachedConfig.defaults().withPlaces(
        DefaultPlaces.socket(ctx.os(), env, ctx.home()), DefaultPlaces.stateDir(ctx.os(), env, ctx.home()))
        .withListen(Listener.defaults(ctx.os()));
    Map<ConfigKey, Setting> settings = new EnumMap<>(ConfigKey.class);
    for (ConfigKey k : ConfigKey.values()) {
      String flag = set(flags.get(k.key()));
      String variable = set(env.get(k.envVar()));
      if (flag != null) {
        parse(k, NODES.textNode(flag), Source.flag(k.key()), ctx, settings, problems);
      } else if (variable != null) {
        parse(k, NODES.textNode(variable), Source.env(k.envVar()), strict, settings, problems);
      } else if (fromFile != null && fromFile.containsKey(k)) {
        parse(k, fromFile.get(k), Source.file(file.path()), strict, settings, problems);
      } else {
        Object value = k.get(defaults);
        settings.put(k, new Setting(k, value, k.type().json(value), Source.DEFAULT));
      }
    }
    problems.throwIfAny();
    CrossChecks.check(settings, ctx, problems);
    problems.throwIfAny();

    List<LoadedConfig.Entry> entries = new ArrayList<>();
    for (Setting s : settings.values()) {
      entries.add(new LoadedConfig.Entry(s.key().key(), s.key().type().text(s.value()), s.source().describe()));
    }
    Path consulted = file.path() != null ? file.path() : file.skipped();
    return new LoadedConfig(ConfigAssembler.assemble(settings), entries, consulted, fromFile != null);
  }

  private static void parse(
      ConfigKey k, JsonNode raw, Source source, ParseContext ctx, Map<ConfigKey, Setting> settings,
      Problems problems) {
    try {
      settings.put(k, new Setting(k, k.type().parse(raw, ctx), raw, source));
    } catch (BadValue bad) {
      problems.add(k.key(), raw, source, bad.expected());
    }
  }

  /** The value, or null when it is absent or empty. */
  static String set(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
