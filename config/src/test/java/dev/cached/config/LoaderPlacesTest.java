package dev.cached.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cached.protocol.DefaultPlaces.Os;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader finds its config file and socket in the per-platform places of {@code DefaultPlaces}. */
class LoaderPlacesTest {
  @Test
  void loader_readsTheMacConfigFile_onMacos(@TempDir Path home) throws Exception {
    Path file = new Loads(home).write(home.resolve("Library/Application Support/cached/config.toml"), "maxConnections = 5\n");
    LoadedConfig loaded = ConfigLoader.load(Map.of(), Map.of(), new ParseContext(Os.MACOS, home, home));
    assertEquals(5, loaded.config().maxConnections());
    assertEquals(file, loaded.configFile());
    assertEquals(home.resolve("Library/Caches/cached/cached.sock"), loaded.config().socket());
  }
}
