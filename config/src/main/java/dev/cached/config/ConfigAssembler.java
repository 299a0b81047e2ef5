package dev.cached.config;

import dev.cached.fs.FsyncPolicy;
import dev.cached.fs.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the {@link CachedConfig} record from checked values by key. Stateless. */
final class ConfigAssembler {
  private ConfigAssembler() {}

  static CachedConfig assemble(Map<ConfigKey, Setting> s) {
    return new CachedConfig(
        (Path) value(s, ConfigKey.SOCKET),
        (Path) value(s, ConfigKey.STATE_DIR),
        listeners(value(s, ConfigKey.LISTEN)),
        (String) value(s, ConfigKey.TCP_HOST),
        (Integer) value(s, ConfigKey.TCP_PORT),
        (Long) value(s, ConfigKey.MAX_PAYLOAD),
        (Long) value(s, ConfigKey.MAX_PENDING_BYTES),
        (Integer) value(s, ConfigKey.MAX_CONNECTIONS),
        (Integer) value(s, ConfigKey.MAX_PENDING_REQUESTS),
        (Integer) value(s, ConfigKey.MAX_PATH_BYTES),
        (Duration) value(s, ConfigKey.HELLO_TIMEOUT),
        (Duration) value(s, ConfigKey.FRAME_TIMEOUT),
        (Duration) value(s, ConfigKey.IDLE_TIMEOUT),
        (Duration) value(s, ConfigKey.DRAIN_TIMEOUT),
        (Integer) value(s, ConfigKey.WRITER_THREADS),
        (Duration) value(s, ConfigKey.INTAKE_FIRST),
        (FsyncPolicy) value(s, ConfigKey.FSYNC),
        new RetryPolicy(
            (Duration) value(s, ConfigKey.RETRY_FIRST),
            (Double) value(s, ConfigKey.RETRY_FACTOR),
            (Duration) value(s, ConfigKey.RETRY_CAP),
            (Duration) value(s, ConfigKey.RETRY_DEADLINE)),
        (Integer) value(s, ConfigKey.BREAKER_THRESHOLD),
        (Duration) value(s, ConfigKey.BREAKER_PROBE_FIRST),
        (Duration) value(s, ConfigKey.BREAKER_PROBE_CAP),
        paths(value(s, ConfigKey.ALLOWED_ROOTS)),
        (String) value(s, ConfigKey.LOG_LEVEL),
        (Long) value(s, ConfigKey.LOG_MAX_FILE_SIZE),
        (Integer) value(s, ConfigKey.LOG_MAX_HISTORY),
        (Double) value(s, ConfigKey.FAULTS_HOLD_SHARE),
        (Duration) value(s, ConfigKey.FAULTS_HOLD_TIME));
  }

  private static Object value(Map<ConfigKey, Setting> s, ConfigKey key) {
    return s.get(key).value();
  }

  private static List<Listener> listeners(Object list) {
    List<Listener> out = new ArrayList<>();
    for (Object l : (List<?>) list) {
      out.add((Listener) l);
    }
    return out;
  }

  private static List<Path> paths(Object list) {
    List<Path> out = new ArrayList<>();
    for (Object p : (List<?>) list) {
      out.add((Path) p);
    }
    return out;
  }
}
