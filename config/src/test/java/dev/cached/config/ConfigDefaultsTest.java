package dev.cached.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.FsyncPolicy;
import dev.cached.fs.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDefaultsTest {
  @TempDir Path home;

  @Test
  void noFileNoEnvNoFlags_givesTheDefaults() throws Exception {
    LoadedConfig loaded = new Loads(home).load();
    CachedConfig c = loaded.config();
    assertEquals(home.resolve(".cache/cached/cached.sock"), c.socket());
    assertEquals(home.resolve(".local/state/cached"), c.stateDir());
    assertEquals(64L << 20, c.maxPayload());
    assertEquals(256L << 20, c.maxPendingBytes());
    assertEquals(256, c.maxConnections());
    assertEquals(65536, c.maxPendingRequests());
    assertEquals(4096, c.maxPathBytes());
    assertEquals(Duration.ofSeconds(10), c.helloTimeout());
    assertEquals(Duration.ofSeconds(30), c.frameTimeout());
    assertEquals(Duration.ZERO, c.idleTimeout());
    assertEquals(Duration.ofSeconds(30), c.drainTimeout());
    // One writer per core, each with its own directories (WriterPool): processors, at least 1, at most 256.
    assertEquals(Math.min(256, Math.max(1, Runtime.getRuntime().availableProcessors())), c.writerThreads());
    assertEquals(Duration.ofMillis(100), c.intakeFirst());
    assertEquals(FsyncPolicy.NONE, c.fsync());
    assertEquals(RetryPolicy.DAEMON_DEFAULT, c.retry());
    assertEquals(3, c.breakerThreshold());
    assertEquals(Duration.ofSeconds(1), c.breakerProbeFirst());
    assertEquals(Duration.ofSeconds(60), c.breakerProbeCap());
    assertEquals(List.of(), c.allowedRoots());
    assertEquals("info", c.logLevel());
    assertEquals(10L << 20, c.logMaxFileSize());
    assertEquals(4, c.logMaxHistory());
    assertEquals(0.0, c.faultHoldShare());
    assertEquals(Duration.ofMillis(200), c.faultHoldTime());
  }

  @Test
  void defaults_everyEntrySaysDefault_inKeyOrder() throws Exception {
    LoadedConfig loaded = new Loads(home).load();
    assertEquals(
        Arrays.stream(ConfigKey.values()).map(ConfigKey::key).toList(),
        loaded.entries().stream().map(LoadedConfig.Entry::key).toList());
    for (LoadedConfig.Entry e : loaded.entries()) {
      assertEquals("default", e.source(), e.key());
    }
    assertEquals(new LoadedConfig.Entry("retry.deadline", "1m", "default"), loaded.entry("retry.deadline").orElseThrow());
    assertEquals("off", loaded.entry("idleTimeout").orElseThrow().value());
    assertEquals("64MiB", loaded.entry("maxPayload").orElseThrow().value());
  }

  @Test
  void missingDefaultFile_isFine_andReported() throws Exception {
    Loads loads = new Loads(home);
    LoadedConfig loaded = loads.load();
    assertEquals(loads.defaultFile(), loaded.configFile());
    assertFalse(loaded.configFileRead());
  }

  @Test
  void defaultPlaces_followTheGivenEnvironment() throws Exception {
    Path runtime = home.resolve("run");
    LoadedConfig loaded = new Loads(home).load(Map.of(), Map.of("XDG_RUNTIME_DIR", runtime.toString()));
    assertEquals(runtime.resolve("cached/cached.sock"), loaded.config().socket());
    assertEquals("default", loaded.entry("socket").orElseThrow().source());
  }

  @Test
  void emptyFile_givesTheDefaults() throws Exception {
    Loads loads = new Loads(home);
    loads.writeDefault("");
    LoadedConfig loaded = loads.load();
    assertTrue(loaded.configFileRead());
    assertEquals(
        CachedConfig.defaults().withPlaces(home.resolve(".cache/cached/cached.sock"), home.resolve(".local/state/cached")),
        loaded.config());
  }
}
