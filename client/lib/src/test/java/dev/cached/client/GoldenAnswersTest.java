package dev.cached.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.Frame;
import dev.cached.protocol.FrameDecoder;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.Responses;
import dev.cached.protocol.golden.Golden;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java client reads every golden answer as it means: the client's {@link Answers} (what a
 * request's future and the next flush see), its version check on the hello answer, and, over a
 * real socket, an answer to no request ({@code "id":null}), which ends the connection.
 */
class GoldenAnswersTest {
  @TempDir Path dir;

  static List<Golden> answers() {
    return Golden.all().stream().filter(g -> g.valid() && !g.isRequest()).toList();
  }

  static List<Golden> answersToNoRequest() {
    return answers().stream().filter(g -> g.header().get("id").isNull()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void clientReadsTheAnswer(Golden g) throws Exception {
    ObjectNode h = decode(g);
    if (h.get("id").isNull()) {
      return; // clientReadsAnAnswerToNoRequestAsTheEnd
    }
    long id = h.get("id").asLong();
    Answers answers = new Answers(new Semaphore(0));
    CompletableFuture<ObjectNode> f = new CompletableFuture<>();
    answers.expect(id, g.answers(), "3.11/x.json", f, false);
    answers.complete(id, h);
    assertTrue(f.isDone(), "answered");
    if (!h.get("ok").asBoolean()) {
      ExecutionException e = assertThrows(ExecutionException.class, f::get);
      CachedException c = (CachedException) e.getCause();
      assertEquals(ErrorCode.valueOf(h.at("/error/code").asText()), c.code());
      assertTrue(c.getMessage().endsWith(h.at("/error/message").asText()), c.getMessage());
      FlushResult next = answers.flushResult(emptyFlush());
      assertEquals(List.of(new Failure("3.11/x.json", g.answers(), c.code(), h.at("/error/message").asText())),
          next.failed(), "a refusal is reported by the next flush");
      return;
    }
    assertEquals(h, f.get());
    switch (g.answers()) {
      case "hello" -> {
        VersionCheck.requireOurs(Responses.hello(h), dir.resolve("s.sock"));
        assertEquals(h.at("/limits/maxPayload").asLong(), Responses.hello(h).limits().maxPayload());
      }
      case "flush" -> {
        FlushResult r = answers.flushResult(h);
        assertEquals(h.get("done").asLong(), r.done());
        assertEquals(h.get("failed").size(), r.failed().size());
        for (int i = 0; i < r.failed().size(); i++) {
          JsonNode want = h.get("failed").get(i);
          assertEquals(new Failure(want.get("path").asText(), want.get("op").asText(),
              ErrorCode.valueOf(want.get("code").asText()), want.get("message").asText()), r.failed().get(i));
        }
      }
      case "status" -> assertEquals(h.get("status"), Responses.status(h));
      default -> {
        String outcome = Responses.outcome(h);
        assertEquals(h.has("outcome") ? h.get("outcome").asText() : null, outcome);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answersToNoRequest")
  void clientReadsAnAnswerToNoRequestAsTheEnd(Golden g) throws Exception {
    Path socket = dir.resolve("run/cached.sock");
    ObjectNode h = decode(g);
    try (FakeDaemon d = new FakeDaemon(socket, request -> h.deepCopy())) {
      CachedUnavailableException e = assertThrows(CachedUnavailableException.class,
          () -> CachedClient.connect(CachedClient.options().socket(socket).root(dir)));
      assertTrue(e.getMessage().contains(h.at("/error/code").asText() + ": " + h.at("/error/message").asText()),
          e.getMessage());
      assertNotNull(d.received.poll());
    }
  }

  @Test
  void thereAreAnswersToNoRequest() {
    assertFalse(answersToNoRequest().isEmpty());
  }

  private static ObjectNode decode(Golden g) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(g.frame());
    Frame f = new FrameDecoder(Protocol.MAX_HEADER, 0).decode(in);
    assertNotNull(f, g.name());
    assertFalse(in.hasRemaining());
    return f.header();
  }

  private static ObjectNode emptyFlush() {
    ObjectNode n = Responses.ok(99L).put("done", 0);
    n.putArray("failed");
    return n;
  }
}
