package dev.cached.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.Responses;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Batched acknowledgements in the client: used when the daemon grants them, not needed when it does not. */
@Timeout(30)
class BatchAcksClientTest {
  @TempDir Path dir;

  /** An older daemon: ignores {@code "acks":"batch"} and answers every request by its id. */
  @Test
  void daemonWithoutBatchAcks_eachRequestAnsweredByItsId() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (FakeDaemon d = new FakeDaemon(socket, r -> r.path("op").asText().equals("hello")
            ? FakeDaemon.helloOk(r.path("id").asLong(), 1) : FakeDaemon.ok(r));
        CachedClient c = CachedClient.connect(CachedClient.options().socket(socket).root(dir.resolve("root")))) {
      assertEquals("batch", d.received.take().path("acks").asText(), "the client asks");
      CompletableFuture<ObjectNode> a = c.write("a", new byte[] {1});
      CompletableFuture<ObjectNode> b = c.write("b", new byte[] {2});
      assertTrue(c.flush().ok());
      assertTrue(a.get().path("ok").asBoolean());
      assertEquals(2, b.get().path("id").asLong());
    }
  }

  /**
   * A daemon that grants them: a {@code through} completes every queued request up to its id, a
   * refusal by id fails its own write (and is reported by the next flush), a durable write keeps
   * its own answer.
   */
  @Test
  void daemonWithBatchAcks_throughCompletesEveryQueuedRequestUpToIt() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (FakeDaemon d = new FakeDaemon(socket, BatchAcksClientTest::batchDaemon);
        CachedClient c = CachedClient.connect(CachedClient.options().socket(socket).root(dir.resolve("root")))) {
      CompletableFuture<ObjectNode> w1 = c.write("a", new byte[] {1});
      CompletableFuture<ObjectNode> w2 = c.delete("b");
      CompletableFuture<ObjectNode> w3 = c.write("refused", new byte[] {3});
      assertEquals("written", c.writeDurable("durable", new byte[] {4}));
      CompletableFuture<ObjectNode> w5 = c.write("through", new byte[] {5});
      assertTrue(w5.get().path("through").asBoolean());
      assertTrue(w1.isDone() && w2.isDone(), "covered by the through for id 5");
      assertFalse(w1.isCompletedExceptionally() || w2.isCompletedExceptionally());
      ExecutionException e = assertThrows(ExecutionException.class, w3::get);
      assertEquals(ErrorCode.OUTSIDE_ROOT, ((CachedException) e.getCause()).code());
      FlushResult f = c.flush();
      assertEquals("batch", d.received.take().path("acks").asText());
      assertEquals(1, f.failed().size(), f.failed().toString());
      assertEquals("refused", f.failed().get(0).path());
    }
  }

  /** Answers as a batching daemon would, one request at a time: a through only for the write to {@code through}. */
  private static ObjectNode batchDaemon(ObjectNode r) {
    long id = r.path("id").asLong();
    switch (r.path("op").asText()) {
      case "hello":
        return FakeDaemon.helloOk(id, 1).put("acks", "batch");
      case "flush":
        return FakeDaemon.ok(r).put("done", 4);
      default:
        String path = r.path("path").asText();
        if (path.equals("refused")) {
          return FakeDaemon.error(r, "OUTSIDE_ROOT", "refused : outside the root");
        }
        if (r.path("ack").asText().equals("durable")) {
          return FakeDaemon.ok(r).put("outcome", "written");
        }
        return path.equals("through") ? Responses.through(id) : null;
    }
  }
}
