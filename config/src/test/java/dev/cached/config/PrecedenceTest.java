package dev.cached.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrecedenceTest {
  @TempDir Path home;

  @Test
  void flagBeatsEnvBeatsFileBeatsDefault() throws Exception {
    Loads loads = new Loads(home);
    Path file = loads.writeDefault("""
        maxConnections = 10
        writerThreads = 10
        retry.deadline = "10s"
        """);
    Map<String, String> env = Map.of("CACHED_WRITER_THREADS", "20", "CACHED_RETRY_DEADLINE", "20s");
    Map<String, String> flags = Map.of("retry.deadline", "30s");
    LoadedConfig loaded = loads.load(flags, env);

    assertEquals(10, loaded.config().maxConnections());
    assertEquals(20, loaded.config().writerThreads());
    assertEquals(Duration.ofSeconds(30), loaded.config().retry().deadline());
    assertEquals(3, loaded.config().breakerThreshold());

    assertEquals(new LoadedConfig.Entry("maxConnections", "10", "file " + file), loaded.entry("maxConnections").orElseThrow());
    assertEquals(new LoadedConfig.Entry("writerThreads", "20", "env CACHED_WRITER_THREADS"), loaded.entry("writerThreads").orElseThrow());
    assertEquals(new LoadedConfig.Entry("retry.deadline", "30s", "flag --retry.deadline"), loaded.entry("retry.deadline").orElseThrow());
    assertEquals(new LoadedConfig.Entry("breaker.threshold", "3", "default"), loaded.entry("breaker.threshold").orElseThrow());
  }

  @Test
  void everyKey_hasAnEnvVar_thatOverridesTheFile() throws Exception {
    Loads loads = new Loads(home);
    loads.writeDefault("log.level = \"error\"\nmaxPayload = 1000\nallowedRoots = [" + Loads.toml(Loads.abs("/f")) + "]\n");
    Map<String, String> env = new HashMap<>();
    env.put("CACHED_SOCKET", Loads.abs("/e/s.sock"));
    env.put("CACHED_STATE_DIR", "~/e-state");
    env.put("CACHED_MAX_PAYLOAD", "2MiB");
    env.put("CACHED_LOG_LEVEL", "trace");
    env.put("CACHED_LOG_MAX_FILE_SIZE", "2MiB");
    env.put("CACHED_BREAKER_PROBE_FIRST", "5s");
    env.put("CACHED_FAULTS_HOLD_SHARE", "1");
    env.put("CACHED_ALLOWED_ROOTS", Loads.abs("/x") + java.io.File.pathSeparator + "~/y");
    env.put("CACHED_IDLE_TIMEOUT", "10m");
    CachedConfig c = loads.load(Map.of(), env).config();
    assertEquals(Path.of(Loads.abs("/e/s.sock")), c.socket());
    assertEquals(home.resolve("e-state"), c.stateDir());
    assertEquals(2L << 20, c.maxPayload());
    assertEquals("trace", c.logLevel());
    assertEquals(2L << 20, c.logMaxFileSize());
    assertEquals(Duration.ofSeconds(5), c.breakerProbeFirst());
    assertEquals(1.0, c.faultHoldShare());
    assertEquals(java.util.List.of(Path.of(Loads.abs("/x")), home.resolve("y")), c.allowedRoots());
    assertEquals(Duration.ofMinutes(10), c.idleTimeout());
  }

  @Test
  void envVarNames_areUpperSnakeOfTheKey() {
    assertEquals("CACHED_SOCKET", ConfigKey.SOCKET.envVar());
    assertEquals("CACHED_STATE_DIR", ConfigKey.STATE_DIR.envVar());
    assertEquals("CACHED_RETRY_DEADLINE", ConfigKey.RETRY_DEADLINE.envVar());
    assertEquals("CACHED_LOG_MAX_FILE_SIZE", ConfigKey.LOG_MAX_FILE_SIZE.envVar());
    for (ConfigKey k : ConfigKey.values()) {
      assertEquals("CACHED_" + k.name(), k.envVar(), k.key());
    }
  }

  @Test
  void emptyFlagOrEnv_countsAsUnset() throws Exception {
    Loads loads = new Loads(home);
    loads.writeDefault("maxConnections = 10\n");
    CachedConfig c = loads.load(Map.of("maxConnections", ""), Map.of("CACHED_MAX_CONNECTIONS", "")).config();
    assertEquals(10, c.maxConnections());
  }

  @Test
  void relativeFlagPath_resolvesAgainstTheWorkingDirectory() throws Exception {
    Loads loads = new Loads(home);
    CachedConfig c = loads.load(Map.of("socket", "sub/c.sock", "stateDir", "~/st"), Map.of()).config();
    assertEquals(home.resolve("work/sub/c.sock"), c.socket());
    assertEquals(home.resolve("st"), c.stateDir());
  }

  @Test
  void unknownCachedEnvVars_areIgnored() throws Exception {
    LoadedConfig loaded = new Loads(home).load(Map.of(), Map.of("CACHED_NO_SUCH_KEY", "x", "CACHED_FALLBACK", "inline"));
    assertEquals("default", loaded.entry("socket").orElseThrow().source());
  }
}
