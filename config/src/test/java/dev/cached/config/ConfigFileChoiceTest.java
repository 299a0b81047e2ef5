package dev.cached.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which file is read: flag, else CACHED_CONFIG, else the default place; and what happens when it is bad. */
class ConfigFileChoiceTest {
  @TempDir Path home;

  @Test
  void flag_beatsEnv_beatsDefaultPlace() throws Exception {
    Loads loads = new Loads(home);
    loads.writeDefault("maxConnections = 1\n");
    Path fromEnv = loads.write(home.resolve("env.toml"), "maxConnections = 2\n");
    Path fromFlag = loads.write(home.resolve("flag.toml"), "maxConnections = 3\n");

    assertEquals(1, loads.load().config().maxConnections());
    LoadedConfig viaEnv = loads.load(Map.of(), Map.of("CACHED_CONFIG", fromEnv.toString()));
    assertEquals(2, viaEnv.config().maxConnections());
    assertEquals(fromEnv, viaEnv.configFile());
    LoadedConfig viaFlag = loads.load(Map.of("config", fromFlag.toString()), Map.of("CACHED_CONFIG", fromEnv.toString()));
    assertEquals(3, viaFlag.config().maxConnections());
    assertEquals("file " + fromFlag, viaFlag.entry("maxConnections").orElseThrow().source());
  }

  @Test
  void missingFileNamedByFlag_isAnError() {
    Path missing = home.resolve("nope.toml");
    ConfigException e = assertThrows(ConfigException.class,
        () -> new Loads(home).load(Map.of("config", missing.toString()), Map.of()));
    assertEquals("config : \"" + missing + "\" from flag --config (expected: an existing TOML file; there is no such file)",
        e.getMessage());
  }

  @Test
  void missingFileNamedByEnv_isAnError() {
    String message = new Loads(home).failure(Map.of(), Map.of("CACHED_CONFIG", "~/nope.toml"));
    assertEquals("config : \"" + home.resolve("nope.toml") + "\" from env CACHED_CONFIG"
        + " (expected: an existing TOML file; there is no such file)", message);
  }

  @Test
  void relativeFileInEnv_isAnError() {
    String message = new Loads(home).failure(Map.of(), Map.of("CACHED_CONFIG", "c.toml"));
    assertEquals("config : \"c.toml\" from env CACHED_CONFIG"
        + " (expected: an absolute path, or one starting with ~/, or none)", message);
  }

  @Test
  void relativeFileInFlag_resolvesAgainstTheWorkingDirectory() throws Exception {
    Loads loads = new Loads(home);
    loads.write(home.resolve("work/c.toml"), "maxConnections = 4\n");
    assertEquals(4, loads.load(Map.of("config", "c.toml"), Map.of()).config().maxConnections());
  }

  @Test
  void none_readsNoFile() throws Exception {
    Loads loads = new Loads(home);
    loads.writeDefault("maxConnections = 1\n");
    LoadedConfig loaded = loads.load(Map.of(), Map.of("CACHED_CONFIG", "none"));
    assertEquals(256, loaded.config().maxConnections());
    assertFalse(loaded.configFileRead());
    assertEquals(loads.defaultFile(), loaded.configFile());
  }

  @Test
  void invalidToml_namesTheFile() throws Exception {
    Loads loads = new Loads(home);
    String message = loads.fileFailure("maxConnections = = 3\n");
    assertTrue(message.startsWith("config file " + loads.defaultFile() + " : not valid TOML ("), message);
  }

  @Test
  void duplicateKey_isInvalidToml() throws Exception {
    Loads loads = new Loads(home);
    String message = loads.fileFailure("maxConnections = 3\nmaxConnections = 4\n");
    assertTrue(message.startsWith("config file " + loads.defaultFile() + " : not valid TOML ("), message);
  }

  @Test
  void hugeFile_isRejectedBeforeParsing() throws Exception {
    Loads loads = new Loads(home);
    String message = loads.fileFailure("# " + "x".repeat(TomlConfigFile.MAX_BYTES) + "\n");
    assertEquals("config file " + loads.defaultFile() + " : larger than 1MiB (expected: a small TOML file)", message);
  }

  @Test
  void directoryInsteadOfFile_cannotBeRead() throws Exception {
    Loads loads = new Loads(home);
    Files.createDirectories(loads.defaultFile());
    String message = loads.failure(Map.of(), Map.of());
    assertTrue(message.startsWith("config file " + loads.defaultFile() + " : cannot be read ("), message);
  }
}
