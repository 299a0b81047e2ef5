package dev.cached.config;

import static dev.cached.config.ValueTypes.choice;
import static dev.cached.config.ValueTypes.duration;
import static dev.cached.config.ValueTypes.integer;
import static dev.cached.config.ValueTypes.number;
import static dev.cached.config.ValueTypes.size;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every config key, in the order of {@code config/CONFIG.md}: its name (dotted for TOML tables), its
 * environment variable, its type and range, and where its value sits in a {@link CachedConfig}.
 *
 * <p>The environment variable is {@code CACHED_} and the name in upper snake case: {@code
 * retry.deadline} is {@code CACHED_RETRY_DEADLINE}, {@code stateDir} is {@code CACHED_STATE_DIR}.
 * A flag is given to {@link ConfigLoader} under the key's name and shown as {@code --name}.
 */
public enum ConfigKey {
  SOCKET("socket", PathTypes.path(), CachedConfig::socket),
  STATE_DIR("stateDir", PathTypes.path(), CachedConfig::stateDir),
  LISTEN("listen", NetTypes.listeners(), CachedConfig::listen),
  TCP_HOST("tcpHost", NetTypes.loopbackHost(), CachedConfig::tcpHost),
  TCP_PORT("tcpPort", integer(0, 65535), CachedConfig::tcpPort),
  MAX_PAYLOAD("maxPayload", size(1, Limits.MAX_PAYLOAD), CachedConfig::maxPayload),
  MAX_PENDING_BYTES("maxPendingBytes", size(1, Limits.MAX_PENDING_BYTES), CachedConfig::maxPendingBytes),
  MAX_CONNECTIONS("maxConnections", integer(1, 65536), CachedConfig::maxConnections),
  MAX_PENDING_REQUESTS("maxPendingRequests", integer(1, 1 << 20), CachedConfig::maxPendingRequests),
  MAX_PATH_BYTES("maxPathBytes", integer(1, 32767), CachedConfig::maxPathBytes),
  HELLO_TIMEOUT("helloTimeout", duration(ms(1), Duration.ofMinutes(10), false), CachedConfig::helloTimeout),
  FRAME_TIMEOUT("frameTimeout", duration(ms(1), Duration.ofHours(1), false), CachedConfig::frameTimeout),
  IDLE_TIMEOUT("idleTimeout", duration(Duration.ofSeconds(1), Duration.ofDays(30), true), CachedConfig::idleTimeout),
  DRAIN_TIMEOUT("drainTimeout", duration(Duration.ZERO, Duration.ofHours(1), false), CachedConfig::drainTimeout),
  WRITER_THREADS("writerThreads", integer(1, 256), CachedConfig::writerThreads),
  INTAKE_FIRST("intakeFirst", duration(Duration.ZERO, Duration.ofSeconds(10), false), CachedConfig::intakeFirst),
  FSYNC("fsync", ValueTypes.fsync(), CachedConfig::fsync),
  RETRY_FIRST("retry.first", duration(ms(1), Duration.ofMinutes(1), false), c -> c.retry().first()),
  RETRY_FACTOR("retry.factor", number(1, 100), c -> c.retry().factor()),
  RETRY_CAP("retry.cap", duration(ms(1), Duration.ofHours(1), false), c -> c.retry().cap()),
  RETRY_DEADLINE("retry.deadline", duration(Duration.ZERO, Duration.ofDays(1), false), c -> c.retry().deadline()),
  BREAKER_THRESHOLD("breaker.threshold", integer(1, 1000), CachedConfig::breakerThreshold),
  BREAKER_PROBE_FIRST("breaker.probeFirst", duration(ms(1), Duration.ofHours(1), false), CachedConfig::breakerProbeFirst),
  BREAKER_PROBE_CAP("breaker.probeCap", duration(ms(1), Duration.ofDays(1), false), CachedConfig::breakerProbeCap),
  ALLOWED_ROOTS("allowedRoots", PathTypes.pathList(), CachedConfig::allowedRoots),
  LOG_LEVEL("log.level", choice(List.of("trace", "debug", "info", "warn", "error")), CachedConfig::logLevel),
  LOG_MAX_FILE_SIZE("log.maxFileSize", size(1024, Limits.MAX_LOG_BYTES), CachedConfig::logMaxFileSize),
  LOG_MAX_HISTORY("log.maxHistory", integer(0, 1000), CachedConfig::logMaxHistory),
  FAULTS_HOLD_SHARE("faults.holdShare", number(0, 1), CachedConfig::faultHoldShare),
  FAULTS_HOLD_TIME("faults.holdTime", duration(Duration.ZERO, Duration.ofMinutes(1), false), CachedConfig::faultHoldTime);

  private final String key;
  private final String envVar;
  private final ValueType type;
  private final Function<CachedConfig, Object> getter;

  ConfigKey(String key, ValueType type, Function<CachedConfig, Object> getter) {
    this.key = key;
    this.envVar = envVarFor(key);
    this.type = type;
    this.getter = getter;
  }

  /** The key's name, as in the file and in the flag map: {@code retry.deadline}. */
  public String key() {
    return key;
  }

  /** The environment variable: {@code CACHED_RETRY_DEADLINE}. */
  public String envVar() {
    return envVar;
  }

  /** The TOML table the key lives in ({@code retry}), or empty for a top-level key. */
  public Optional<String> table() {
    int dot = key.indexOf('.');
    return dot < 0 ? Optional.empty() : Optional.of(key.substring(0, dot));
  }

  /** The key named {@code name} exactly, if there is one. */
  public static Optional<ConfigKey> byKey(String name) {
    for (ConfigKey k : values()) {
      if (k.key.equals(name)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  ValueType type() {
    return type;
  }

  /** This key's value in {@code config}. */
  Object get(CachedConfig config) {
    return getter.apply(config);
  }

  static String envVarFor(String key) {
    StringBuilder b = new StringBuilder("CACHED_");
    for (char c : key.toCharArray()) {
      if (c == '.') {
        b.append('_');
      } else if (Character.isUpperCase(c)) {
        b.append('_').append(c);
      } else {
        b.append(Character.toUpperCase(c));
      }
    }
    return b.toString().toUpperCase(Locale.ROOT);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
