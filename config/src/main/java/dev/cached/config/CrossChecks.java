package dev.cached.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The checks that involve more than one key, or a limit that depends on the platform. They run
 * after every key has its own value and range, on the effective values whatever their source, so
 * a default that cannot work on this machine (a socket path too long) is reported too.
 *
 * <p>Stateless.
 */
final class CrossChecks {
  private CrossChecks() {}

  static void check(Map<ConfigKey, Setting> s, ParseContext ctx, Problems problems) {
    atLeast(s.get(ConfigKey.MAX_PENDING_BYTES), s.get(ConfigKey.MAX_PAYLOAD), problems);
    atLeast(s.get(ConfigKey.RETRY_CAP), s.get(ConfigKey.RETRY_FIRST), problems);
    atLeast(s.get(ConfigKey.BREAKER_PROBE_CAP), s.get(ConfigKey.BREAKER_PROBE_FIRST), problems);
    logBudget(s.get(ConfigKey.LOG_MAX_FILE_SIZE), s.get(ConfigKey.LOG_MAX_HISTORY), problems);
    socketLength(s.get(ConfigKey.SOCKET), ctx, problems);
  }

  /** {@code big >= small}, both longs or both durations. */
  private static void atLeast(Setting big, Setting small, Problems problems) {
    boolean ok = big.value() instanceof Duration
        ? ((Duration) big.value()).compareTo((Duration) small.value()) >= 0
        : (Long) big.value() >= (Long) small.value();
    if (!ok) {
      problems.add(big.key().key(), big.raw(), big.source(), "at least " + small.describe());
    }
  }

  private static void logBudget(Setting size, Setting history, Problems problems) {
    long files = (Integer) history.value() + 1L;
    long each = (Long) size.value();
    if (each > Limits.MAX_LOG_BYTES / files) {
      problems.add(size.key().key(), size.raw(), size.source(),
          "at most " + Sizes.format(Limits.MAX_LOG_BYTES / files) + ", so that the " + files
              + " log files (" + history.describe() + ", plus the current one) stay within "
              + Sizes.format(Limits.MAX_LOG_BYTES));
    }
  }

  private static void socketLength(Setting socket, ParseContext ctx, Problems problems) {
    int max = Limits.maxSocketPathBytes(ctx.os());
    int bytes = ((Path) socket.value()).toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > max) {
      problems.add(socket.key().key(), socket.raw(), socket.source(),
          "a path of at most " + max + " bytes, the limit of a Unix socket address; this one has " + bytes);
    }
  }
}
