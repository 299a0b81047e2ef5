package dev.cached.daemon.server;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused connections, at most {@link #PER_WINDOW} lines per {@link #WINDOW_NANOS}; the
 * rest are counted and the count is logged with the next line that gets through. A flood of
 * unauthenticated connections (a port scanner, a web page posting to 127.0.0.1 in a loop) must
 * not fill the log.
 *
 * <p>Concurrency: thread-safe ({@code synchronized}); called from event loops only on a refusal.
 */
final class RefusalLog {
  private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);
  static final int PER_WINDOW = 10;
  static final long WINDOW_NANOS = 60_000_000_000L;

  private final LongSupplier nanos;
  /** @GuardedBy("this") */
  private long windowStart;
  /** @GuardedBy("this") */
  private int logged;
  /** @GuardedBy("this") */
  private long suppressed;

  RefusalLog(LongSupplier nanos) {
    this.nanos = nanos;
    this.windowStart = nanos.getAsLong();
  }

  /**
   * Logs one refusal, unless this window's budget is spent.
   *
   * @return true when the line was logged
   */
  synchronized boolean refused(String remote, String reason) {
    long now = nanos.getAsLong();
    if (now - windowStart >= WINDOW_NANOS) {
      windowStart = now;
      logged = 0;
    }
    if (logged >= PER_WINDOW) {
      suppressed++;
      return false;
    }
    logged++;
    if (suppressed > 0) {
      LOG.warn("refused: connection {}: {} ({} more refusals not logged since the last line)", remote, reason, suppressed);
      suppressed = 0;
    } else {
      LOG.warn("refused: connection {}: {}", remote, reason);
    }
    return true;
  }

  /** A channel for the log: {@code tcp /127.0.0.1:50312} (the remote port), or {@code unix <channel id>}. */
  static String who(Channel ch) {
    return ch.remoteAddress() instanceof InetSocketAddress ? "tcp " + ch.remoteAddress() : "unix " + ch.id().asShortText();
  }
}
