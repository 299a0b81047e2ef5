package dev.cached.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps {@code config/CONFIG.md} true to the code: every key, its variable, its default, and the examples. */
class ConfigReferenceTest {
  private static final Path REFERENCE = Path.of("CONFIG.md");
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| [^|]+ \\| ([^|]*) \\|.*$", Pattern.MULTILINE);
  private static final Pattern TOML = Pattern.compile("```toml\r?\n(.*?)```", Pattern.DOTALL);
  /** Keys whose default depends on the machine. */
  private static final Set<String> MACHINE_DEFAULTS = Set.of("socket", "stateDir", "listen", "writerThreads");

  @TempDir Path home;

  @Test
  void everyKey_hasARow_withItsVariable_andItsDefault() throws Exception {
    String doc = Files.readString(REFERENCE);
    LoadedConfig defaults = new Loads(home).load();
    List<String> documented = new ArrayList<>();
    Matcher row = ROW.matcher(doc);
    while (row.find()) {
      String key = row.group(1);
      ConfigKey k = ConfigKey.byKey(key).orElseThrow(() -> new AssertionError("no such key in the code: " + key));
      documented.add(key);
      assertTrue(row.group(0).contains("`" + k.envVar() + "`"), "variable of " + key + ": " + row.group(0));
      if (!MACHINE_DEFAULTS.contains(key)) {
        assertEquals("`" + defaults.entry(key).orElseThrow().value() + "`", row.group(2).strip(), "default of " + key);
      }
    }
    assertEquals(defaults.entries().stream().map(LoadedConfig.Entry::key).toList(), documented);
  }

  @Test
  void firstExample_isEveryDefault() throws Exception {
    List<String> examples = examples();
    Loads loads = new Loads(home);
    Path file = loads.writeDefault(examples.get(0));
    LoadedConfig loaded = loads.load();
    assertEquals(new Loads(home.resolve("empty")).load().config().withPlaces(loaded.config().socket(),
        loaded.config().stateDir()), loaded.config());
    for (LoadedConfig.Entry e : loaded.entries()) {
      String expected = MACHINE_DEFAULTS.contains(e.key()) ? "default" : "file " + file;
      assertEquals(expected, e.source(), e.key());
    }
  }

  @Test
  void everyExample_loads() throws Exception {
    Loads loads = new Loads(home);
    for (String example : examples()) {
      loads.writeDefault(example);
      loads.load();
    }
  }

  private static List<String> examples() throws Exception {
    List<String> blocks = new ArrayList<>();
    Matcher m = TOML.matcher(Files.readString(REFERENCE));
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertTrue(blocks.size() >= 2, "examples found: " + blocks.size());
    return blocks;
  }
}
