package dev.cached.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.FsyncPolicy;
import dev.cached.fs.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileParsingTest {
  @TempDir Path home;

  @Test
  void everyKey_fromTables() throws Exception {
    Loads loads = new Loads(home);
    Path file = loads.writeDefault("socket = " + Loads.toml(Loads.abs("/run/x/c.sock")) + """

        
        stateDir = "~/state"
        listen = ["tcp", "unix"]
        tcpHost = "127.0.0.2"
        tcpPort = 5000
        maxPayload = "8MiB"
        maxPendingBytes = 100000000
        maxConnections = 12
        maxPendingRequests = 1_000
        maxPathBytes = 1024
        helloTimeout = "3s"
        frameTimeout = "1m"
        idleTimeout = "off"
        drainTimeout = "0"
        writerThreads = 7
        intakeFirst = "0"
        fsync = "file+dir"
        allowedRoots = [A_CACHE, "~/b"]

        [retry]
        first = "5ms"
        factor = 1.5
        cap = "1s"
        deadline = "2h"

        [breaker]
        threshold = 9
        probeFirst = "250ms"
        probeCap = "5m"

        [log]
        level = "DEBUG"
        maxFileSize = "1MB"
        maxHistory = 0

        [faults]
        holdShare = 0.25
        holdTime = "20ms"
        """.replace("A_CACHE", Loads.toml(Loads.abs("/a/cache"))));
    LoadedConfig loaded = loads.load();
    CachedConfig c = loaded.config();
    assertEquals(Path.of(Loads.abs("/run/x/c.sock")), c.socket());
    assertEquals(home.resolve("state"), c.stateDir());
    assertEquals(java.util.List.of(Listener.TCP, Listener.UNIX), c.listen());
    assertEquals("127.0.0.2", c.tcpHost());
    assertEquals(5000, c.tcpPort());
    assertEquals(8L << 20, c.maxPayload());
    assertEquals(100_000_000L, c.maxPendingBytes());
    assertEquals(12, c.maxConnections());
    assertEquals(1000, c.maxPendingRequests());
    assertEquals(1024, c.maxPathBytes());
    assertEquals(Duration.ofSeconds(3), c.helloTimeout());
    assertEquals(Duration.ofMinutes(1), c.frameTimeout());
    assertEquals(Duration.ZERO, c.idleTimeout());
    assertEquals(Duration.ZERO, c.drainTimeout());
    assertEquals(7, c.writerThreads());
    assertEquals(Duration.ZERO, c.intakeFirst());
    assertEquals(FsyncPolicy.FILE_DIR, c.fsync());
    assertEquals(new RetryPolicy(Duration.ofMillis(5), 1.5, Duration.ofSeconds(1), Duration.ofHours(2)), c.retry());
    assertEquals(9, c.breakerThreshold());
    assertEquals(Duration.ofMillis(250), c.breakerProbeFirst());
    assertEquals(Duration.ofMinutes(5), c.breakerProbeCap());
    assertEquals(List.of(Path.of(Loads.abs("/a/cache")), home.resolve("b")), c.allowedRoots());
    assertEquals("debug", c.logLevel());
    assertEquals(1_000_000L, c.logMaxFileSize());
    assertEquals(0, c.logMaxHistory());
    assertEquals(0.25, c.faultHoldShare());
    assertEquals(Duration.ofMillis(20), c.faultHoldTime());
    for (LoadedConfig.Entry e : loaded.entries()) {
      assertEquals("file " + file, e.source(), e.key());
    }
    assertTrue(loaded.configFileRead());
  }

  @Test
  void dottedKeys_meanTheSameAsTables() throws Exception {
    Loads loads = new Loads(home);
    loads.writeDefault("""
        retry.deadline = "90s"
        log.level = "warn"
        """);
    CachedConfig c = loads.load().config();
    assertEquals(Duration.ofSeconds(90), c.retry().deadline());
    assertEquals("warn", c.logLevel());
  }

  @Test
  void numbersAsText_andZeroDuration_areAccepted() throws Exception {
    Loads loads = new Loads(home);
    loads.writeDefault("""
        maxConnections = "33"
        idleTimeout = 0
        faults.holdShare = "0.5"
        retry.factor = 3
        """);
    CachedConfig c = loads.load().config();
    assertEquals(33, c.maxConnections());
    assertEquals(Duration.ZERO, c.idleTimeout());
    assertEquals(0.5, c.faultHoldShare());
    assertEquals(3.0, c.retry().factor());
  }

  @Test
  void tildeExpands_andPathsAreNormalized() throws Exception {
    Loads loads = new Loads(home);
    loads.writeDefault("""
        socket = "~/run/../sock/c.sock"
        stateDir = "~"
        """);
    CachedConfig c = loads.load().config();
    assertEquals(home.resolve("sock/c.sock"), c.socket());
    assertEquals(home, c.stateDir());
  }

  @Test
  void emptyAllowedRoots_allowsAny() throws Exception {
    Loads loads = new Loads(home);
    loads.writeDefault("allowedRoots = []\n");
    assertEquals(List.of(), loads.load().config().allowedRoots());
  }
}
