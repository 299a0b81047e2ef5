package dev.cached.daemon.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused connections. TCP peers are anonymous until their cookie is checked, so their
 * refusals are logged at most {@link #PER_WINDOW} lines per {@link #WINDOW_NANOS}; the rest are
 * counted and the count is logged with the next line that gets through: a flood (a port scanner, a
 * web page posting to 127.0.0.1 in a loop) must not fill the log. A Unix-socket peer is the
 * daemon's own user (its credentials were checked), and each of its refusals is logged.
 *
 * <p>Concurrency: thread-safe ({@code synchronized}); called from event loops only on a refusal.
 */
final class RefusalLog {
  private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);
  static final int PER_WINDOW = 10;
  static final long WINDOW_NANOS = 60_000_000_000L;

  private final LongSupplier nanos;
  @GuardedBy("this")
  private long windowStart;
  @GuardedBy("this")
  private int logged;
  @GuardedBy("this")
  private long suppressed;

  RefusalLog(LongSupplier nanos) {
    this.nanos = nanos;
    this.windowStart = nanos.getAsLong();
  }

  /** Logs the refusal of {@code ch}: always on the Unix socket, within the budget on TCP. */
  void refused(Channel ch, String reason) {
    if (ch.remoteAddress() instanceof InetSocketAddress) {
      refused("tcp " + ch.remoteAddress(), reason);
    } else {
      LOG.warn("refused: connection unix {}: {}", ch.id().asShortText(), reason);
    }
  }

  /**
   * Logs one refusal of a TCP peer, unless this window's budget is spent.
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
}
