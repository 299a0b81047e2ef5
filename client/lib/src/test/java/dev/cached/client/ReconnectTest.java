package dev.cached.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** While falling back, the writer tries the daemon again at most once per interval, on an injected clock. */
@Timeout(30)
class ReconnectTest {
  @TempDir Path dir;

  @Test
  void reconnectsOnlyAfterTheInterval() throws Exception {
    Path socket = dir.resolve("run/s.sock");
    Path root = dir.resolve("root");
    AtomicLong now = new AtomicLong();
    try (CacheWriter w = CacheWriter.open(CacheWriter.options().socket(socket).root(root)
        .reconnectInterval(Duration.ofSeconds(5)).ticker(now::get).env(Map.of()))) {
      assertFalse(w.connected());
      try (FakeDaemon d = new FakeDaemon(socket, r -> r.path("op").asText().equals("hello")
          ? FakeDaemon.helloOk(r.path("id").asLong(), 1) : FakeDaemon.ok(r))) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(4));
        w.write("early.json", new byte[] {1});
        assertTrue(Files.exists(root.resolve("early.json")), "before the interval: in-process");
        assertTrue(d.received.isEmpty(), "and no connection attempt");
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        w.write("late.json", new byte[] {2});
        assertTrue(w.connected());
        assertEquals("hello", d.received.take().path("op").asText());
        var write = d.received.poll(10, TimeUnit.SECONDS);
        assertNotNull(write);
        assertEquals("late.json", write.path("path").asText());
        assertFalse(Files.exists(root.resolve("late.json")), "the daemon, not the client, writes it");
      }
    }
  }
}
