package dev.cached.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.cli.ClientTransport;
import dev.cached.client.CachedClient;
import dev.cached.client.CachedException;
import dev.cached.protocol.Request;
import dev.cached.protocol.Responses;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The daemon's writers held by a {@code hold} request on an admin connection of the benchmark's
 * own, for one measurement: the hand-over with no writer on the CPU. The hold ends at {@link
 * #release}, or when this connection closes; the daemon also ends it after {@link #LONGEST}.
 */
final class HeldWriters implements AutoCloseable {
  /** The longest hold the protocol allows: a held run is over long before. */
  static final Duration LONGEST = Duration.ofMillis(Request.Hold.MAX_MILLIS);

  private final CachedClient admin;
  private long releasedAt = -1;

  private HeldWriters(CachedClient admin) {
    this.admin = admin;
  }

  /** Whether the daemon at {@code socket} knows the {@code hold} request (capability {@code hold}). */
  static boolean supported(Path socket) throws CachedException {
    try (CachedClient c = CachedClient.connect(ClientTransport.options(socket, "cached-bench-hold"))) {
      return knowsHold(c);
    }
  }

  private static boolean knowsHold(CachedClient c) {
    return Responses.hello((ObjectNode) c.helloAnswer()).capabilities().contains("hold");
  }

  /** Holds the writers of the daemon at {@code socket}; fails when it does not know the request. */
  static HeldWriters hold(Path socket) throws CachedException {
    CachedClient admin = CachedClient.connect(ClientTransport.options(socket, "cached-bench-hold"));
    try {
      if (!knowsHold(admin)) {
        throw new IllegalStateException("the daemon at " + socket + " cannot hold its writers (no 'hold' capability; an older daemon)");
      }
      admin.hold(LONGEST);
      return new HeldWriters(admin);
    } catch (CachedException | RuntimeException e) {
      admin.close();
      throw e;
    }
  }

  /** Ends the hold; returns when the daemon answered, and remembers when that was ({@link #releasedAt}). */
  void release() throws CachedException {
    admin.hold(Duration.ZERO);
    releasedAt = System.nanoTime();
  }

  /** {@link System#nanoTime} when the hold ended, or -1 before {@link #release}. */
  long releasedAt() {
    return releasedAt;
  }

  @Override
  public void close() {
    admin.close();
  }
}
