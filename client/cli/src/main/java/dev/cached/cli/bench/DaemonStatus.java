package dev.cached.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.cli.ClientTransport;
import dev.cached.client.CachedClient;
import java.io.IOException;
import java.nio.file.Path;

/** What the benchmark reads from its daemon's status: its pid, its JIT's work, the writes it coalesced. */
final class DaemonStatus {
  private DaemonStatus() {}

  /** The daemon's process id, from its status. */
  static long pid(Path sock) throws IOException {
    try (CachedClient c = CachedClient.connect(ClientTransport.options(sock, "cached-bench"))) {
      return c.status().path("pid").asLong();
    }
  }

  /** Waits (at most 3 s) until the daemon's JIT has compiled nothing for 200 ms (status {@code jitMillis}). */
  static void jitSettle(Path sock) throws InterruptedException {
    Untimed.awaitQuiet(() -> {
      try {
        return of(sock).path("jitMillis").asLong(-1);
      } catch (IOException e) {
        return -1; // an older daemon, or none: nothing to wait for; the run itself reports a dead daemon
      }
    }, 50);
  }

  /** The daemon's status, over a connection of its own. */
  static ObjectNode of(Path sock) throws IOException {
    try (CachedClient c = CachedClient.connect(ClientTransport.options(sock, "cached-bench"))) {
      return c.status();
    }
  }

  /** The writes a status counts as dropped for a newer one: coalesced and superseded. */
  static long coalesced(ObjectNode status) {
    ObjectNode t = (ObjectNode) status.path("totals");
    return t.path("coalesced").asLong() + t.path("superseded").asLong();
  }
}
