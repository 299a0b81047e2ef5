package dev.cached.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon dies mid-stream (its connections drop, as after SIGKILL): nothing hangs, requests in
 * flight fail at once, and the writer redoes what the daemon had not confirmed.
 */
@Timeout(30)
class DaemonDeathTest {
  @TempDir Path dir;

  /** Answers hello; acknowledges queued writes when {@code ack}; never answers a flush. */
  private static ObjectNode script(ObjectNode r, boolean ack) {
    switch (r.path("op").asText()) {
      case "hello":
        return FakeDaemon.helloOk(r.path("id").asLong(), 1);
      case "write":
      case "delete":
      case "replace":
        if (r.path("path").asText().startsWith("bad")) {
          return FakeDaemon.error(r, "BAD_PATH", "refused by the test");
        }
        return ack ? FakeDaemon.ok(r) : null;
      default:
        return null;
    }
  }

  private static ObjectNode take(FakeDaemon d) throws InterruptedException {
    ObjectNode r = d.received.poll(10, TimeUnit.SECONDS);
    assertNotNull(r, "the fake daemon received nothing within 10 s");
    return r;
  }

  @Test
  void requestsInFlightFailPromptlyWhenTheDaemonDies() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (FakeDaemon d = new FakeDaemon(socket, r -> script(r, false));
        CachedClient c = CachedClient.connect(CachedClient.options().socket(socket).root(dir.resolve("root")))) {
      take(d);
      List<CompletableFuture<?>> inFlight = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        inFlight.add(c.write("f" + i, new byte[] {1, 2, 3}));
      }
      inFlight.add(c.flushAsync());
      for (int i = 0; i < 101; i++) {
        take(d);
      }
      long t0 = System.nanoTime();
      d.dropConnections();
      for (CompletableFuture<?> f : inFlight) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        assertInstanceOf(CachedUnavailableException.class, e.getCause());
      }
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
      assertFalse(c.isOpen());
      assertInstanceOf(CachedUnavailableException.class,
          org.junit.jupiter.api.Assertions.assertThrows(CachedException.class, () -> c.write("later", new byte[0])));
    }
  }

  @Test
  void unconfirmedWritesAreRedoneInProcessWithTheLatestBytesPerPath() throws Exception {
    Path socket = dir.resolve("s.sock");
    Path root = dir.resolve("root");
    try (FakeDaemon d = new FakeDaemon(socket, r -> script(r, true));
        LogCapture log = new LogCapture();
        CacheWriter w = CacheWriter.open(CacheWriter.options().socket(socket).root(root)
            .reconnectInterval(Duration.ofDays(1)).env(Map.of()))) {
      assertTrue(w.connected());
      take(d);
      Files.createDirectories(root.resolve("r"));
      Files.writeString(root.resolve("r/.mine.tmp"), "replaced");
      w.write("a.json", "a1".getBytes());
      w.write("b.json", "b1".getBytes());
      w.write("a.json", "a2".getBytes());
      w.write("bad.json", "refused".getBytes());
      w.replace("r/.mine.tmp", "r/mine.json");
      for (int i = 0; i < 5; i++) {
        take(d);
      }
      // The fake answers after it records a request: wait until the client has read the refusal
      // (a, b and r/mine left), or the drop may come first and the refused write be redone.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (w.unconfirmedPaths() != 3 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(3, w.unconfirmedPaths(), "the refusal of bad.json reached the client");
      d.dropConnections();
      w.write("c.json", "c1".getBytes());
      FlushResult r = w.flush();
      assertFalse(w.connected());
      assertEquals(List.of(), r.failed());
      assertEquals(4, r.done(), "a (latest only), b, the replace, then c");
      assertArrayEquals("a2".getBytes(), Files.readAllBytes(root.resolve("a.json")));
      assertArrayEquals("b1".getBytes(), Files.readAllBytes(root.resolve("b.json")));
      assertArrayEquals("c1".getBytes(), Files.readAllBytes(root.resolve("c.json")));
      assertEquals("replaced", Files.readString(root.resolve("r/mine.json")));
      assertFalse(Files.exists(root.resolve("r/.mine.tmp")));
      assertFalse(Files.exists(root.resolve("bad.json")), "a write the daemon refused is not redone");
      assertEquals(1, log.at(Level.WARNING).size(), log.at(Level.WARNING).toString());
    }
  }

  @Test
  void aFlushInFlightReturnsPromptlyAndRedoesWhenTheDaemonDies() throws Exception {
    Path socket = dir.resolve("s.sock");
    Path root = dir.resolve("root");
    try (FakeDaemon d = new FakeDaemon(socket, r -> script(r, true));
        CacheWriter w = CacheWriter.open(CacheWriter.options().socket(socket).root(root)
            .reconnectInterval(Duration.ofDays(1)).env(Map.of()))) {
      take(d);
      w.write("x.json", "x".getBytes());
      take(d);
      CompletableFuture<FlushResult> flush = CompletableFuture.supplyAsync(() -> {
        try {
          return w.flush();
        } catch (CachedException e) {
          throw new IllegalStateException(e);
        }
      });
      assertEquals("flush", take(d).path("op").asText());
      assertFalse(flush.isDone(), "the fake never answers a flush");
      d.dropConnections();
      FlushResult r = flush.get(5, TimeUnit.SECONDS);
      assertEquals(1, r.done());
      assertArrayEquals("x".getBytes(), Files.readAllBytes(root.resolve("x.json")));
    }
  }

  @Test
  void writesConfirmedByAFlushAreNotRedone() throws Exception {
    Path socket = dir.resolve("s.sock");
    Path root = dir.resolve("root");
    try (FakeDaemon d = new FakeDaemon(socket, r -> r.path("op").asText().equals("flush")
            ? FakeDaemon.ok(r).put("done", 1).set("failed", dev.cached.protocol.Json.mapper().createArrayNode())
            : script(r, true));
        CacheWriter w = CacheWriter.open(CacheWriter.options().socket(socket).root(root)
            .reconnectInterval(Duration.ofDays(1)).env(Map.of()))) {
      w.write("confirmed.json", "1".getBytes());
      assertEquals(1, w.flush().done());
      w.write("unconfirmed.json", "2".getBytes());
      for (int i = 0; i < 4; i++) {
        take(d); // hello, write, flush, write
      }
      d.dropConnections();
      assertEquals(1, w.flush().done());
      assertFalse(Files.exists(root.resolve("confirmed.json")), "final in the daemon's hands, so not redone");
      assertArrayEquals("2".getBytes(), Files.readAllBytes(root.resolve("unconfirmed.json")));
    }
  }
}
