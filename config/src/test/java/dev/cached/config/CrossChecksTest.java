package dev.cached.config;

import dev.cached.protocol.DefaultPlaces;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks between keys name both keys, both values and both sources. */
class CrossChecksTest {
  @TempDir Path home;

  @Test
  void maxPendingBytes_belowMaxPayload() {
    String message = new Loads(home).failure(Map.of(), Map.of("CACHED_MAX_PENDING_BYTES", "1MiB"));
    assertEquals("maxPendingBytes : \"1MiB\" from env CACHED_MAX_PENDING_BYTES"
        + " (expected: at least maxPayload 64MiB from default)", message);
  }

  @Test
  void maxPendingBytes_equalToMaxPayload_isFine() throws Exception {
    Loads loads = new Loads(home);
    assertEquals(1000, loads.load(Map.of("maxPayload", "1000", "maxPendingBytes", "1KB"), Map.of()).config().maxPendingBytes());
  }

  @Test
  void retryCap_belowRetryFirst() throws Exception {
    Loads loads = new Loads(home);
    loads.writeDefault("[retry]\nfirst = \"5ms\"\ncap = \"1ms\"\n");
    assertEquals("retry.cap : \"1ms\" from " + loads.defaultFile()
        + " (expected: at least retry.first 5ms from " + loads.defaultFile() + ")", loads.failure(Map.of(), Map.of()));
  }

  @Test
  void breakerProbeCap_belowProbeFirst() {
    String message = new Loads(home).failure(Map.of("breaker.probeFirst", "2m"), Map.of());
    assertEquals("breaker.probeCap : \"1m\" from default"
        + " (expected: at least breaker.probeFirst 2m from flag --breaker.probeFirst)", message);
  }

  @Test
  void logFiles_overOneGibibyte() {
    String message = new Loads(home).failure(Map.of("log.maxFileSize", "512MiB"), Map.of());
    assertEquals("log.maxFileSize : \"512MiB\" from flag --log.maxFileSize (expected: at most 214748364,"
        + " so that the 5 log files (log.maxHistory 4 from default, plus the current one) stay within 1GiB)", message);
  }

  @Test
  void logFiles_exactlyOneGibibyte_isFine() throws Exception {
    CachedConfig c = new Loads(home).load(Map.of("log.maxFileSize", "256MiB", "log.maxHistory", "3"), Map.of()).config();
    assertEquals(256L << 20, c.logMaxFileSize());
  }

  @Test
  void socketPath_overTheUnixLimit() {
    String tooLong = Loads.abs("/") + "s".repeat(108 - Loads.abs("/").length());
    String message = new Loads(home).failure(Map.of("socket", tooLong), Map.of());
    assertEquals("socket : \"" + tooLong + "\" from flag --socket"
        + " (expected: a path of at most 107 bytes, the limit of a Unix socket address; this one has 108)", message);
  }

  @Test
  void socketPath_atTheLimit_isFine() throws Exception {
    String atLimit = Loads.abs("/") + "s".repeat(107 - Loads.abs("/").length());
    assertEquals(Path.of(atLimit), new Loads(home).load(Map.of("socket", atLimit), Map.of()).config().socket());
  }

  @Test
  void socketPath_macLimitIsShorter() {
    assertEquals(103, Limits.maxSocketPathBytes(DefaultPlaces.Os.MACOS));
    assertEquals(107, Limits.maxSocketPathBytes(DefaultPlaces.Os.LINUX));
  }
}
