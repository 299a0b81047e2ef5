package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.fs.fakes.NoTempLeft;
import dev.cached.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input from issue 2: the daemon answers or closes as PROTOCOL.md says, and keeps serving
 * another client afterwards ({@link #anotherClientStillWrites}).
 */
class BadInputTest extends SharedDaemon {
  @RegisterExtension final NoTempLeft noTempLeft = new NoTempLeft();
  private static final Duration GENEROUS = Duration.ofSeconds(20);


  @AfterEach
  void anotherClientStillWrites() throws Exception {
    Hostile.assertServes(daemon, dir.resolve("other-client"));
  }

  private static RawConnection raw() throws Exception {
    return new RawConnection(daemon.socket());
  }

  @Test
  void anUnknownOpIsAnsweredAndTheConnectionKeepsWorking() throws Exception {
    Path root = dir.resolve("unknown-op");
    try (RawConnection c = raw().hello(root)) {
      c.send(Json.object().put("op", "frobnicate").put("id", 1), new byte[0]);
      ObjectNode a = Hostile.answer(c);
      assertEquals(1, a.path("id").asLong());
      assertEquals("UNKNOWN_OP", Hostile.code(a));
      c.send(Hostile.write(2, "after.json", "durable"), "ok".getBytes());
      assertEquals("written", Hostile.answer(c).path("outcome").asText());
    }
    assertEquals("ok", Files.readString(root.resolve("after.json")));
  }

  @Test
  void aWriteBeforeHelloIsNotBoundThenClosed() throws Exception {
    try (RawConnection c = raw()) {
      c.send(Hostile.write(1, "x.json", "queued"), "x".getBytes());
      ObjectNode a = Hostile.answer(c);
      assertEquals("NOT_BOUND", Hostile.code(a));
      assertEquals(1, a.path("id").asLong());
      assertTrue(c.closedWithin(GENEROUS));
    }
  }

  @Test
  void aWriteWithoutSizeWritesAnEmptyFileAndTheNextFrameStillDecodes() throws Exception {
    Path root = dir.resolve("no-size");
    try (RawConnection c = raw().hello(root)) {
      c.send(Hostile.rawFrame("{\"op\":\"write\",\"id\":1,\"path\":\"empty.json\",\"ack\":\"durable\"}"));
      assertEquals("written", Hostile.answer(c).path("outcome").asText());
      c.send(Hostile.write(2, "next.json", "durable"), "{}".getBytes());
      assertEquals("written", Hostile.answer(c).path("outcome").asText());
    }
    assertEquals(0, Files.size(root.resolve("empty.json")));
    assertEquals("{}", Files.readString(root.resolve("next.json")));
  }

  @Test
  void aPayloadShorterThanItsSizeThenCloseWritesNothing() throws Exception {
    Path root = noTempLeft.watch(dir.resolve("short"));
    try (RawConnection c = raw().hello(root)) {
      byte[] head = Hostile.rawFrame("{\"op\":\"write\",\"id\":1,\"path\":\"cut.json\",\"size\":100}");
      byte[] all = Arrays.copyOf(head, head.length + 60);
      c.send(all);
    }
    try (RawConnection c = raw().hello(root)) {
      c.send(Json.object().put("op", "flush").put("id", 1), new byte[0]);
      assertTrue(Hostile.answer(c).path("ok").asBoolean());
    }
    assertTrue(Files.notExists(root.resolve("cut.json")));
  }

  @Test
  void aHeaderLengthOfZeroIsBadFrameThenClosed() throws Exception {
    try (RawConnection c = raw().hello(dir.resolve("zero"))) {
      c.send(Hostile.prefix(0));
      ObjectNode a = Hostile.answer(c);
      assertEquals("BAD_FRAME", Hostile.code(a));
      assertTrue(a.get("id").isNull());
      assertTrue(c.closedWithin(GENEROUS));
    }
  }

  @Test
  void aHeaderLengthOver65536IsTooLargeThenClosed() throws Exception {
    try (RawConnection c = raw().hello(dir.resolve("big"))) {
      c.send(Hostile.prefix(65537));
      ObjectNode a = Hostile.answer(c);
      assertEquals("TOO_LARGE", Hostile.code(a));
      assertTrue(a.path("error").path("message").asText().contains("65537"), a.toString());
      assertTrue(c.closedWithin(GENEROUS));
    }
  }

  @Test
  void aNonJsonHeaderIsBadFrameThenClosed() throws Exception {
    try (RawConnection c = raw()) {
      c.send(Hostile.rawFrame("GET / HTTP/1.1"));
      assertEquals("BAD_FRAME", Hostile.code(Hostile.answer(c)));
      assertTrue(c.closedWithin(GENEROUS));
    }
  }

  @Test
  void aRequestLevelErrorAnswersThatRequestOnly() throws Exception {
    Path root = dir.resolve("request-level");
    try (RawConnection c = raw().hello(root)) {
      c.send(Hostile.rawFrame("{\"op\":\"write\",\"id\":1,\"path\":7}"));
      c.send(Hostile.write(2, "../escape", "queued"), new byte[] {1});
      c.send(Hostile.write(3, "CON", "queued"), new byte[] {1});
      c.send(Hostile.rawFrame("{\"op\":\"status\"}"));
      c.send(Hostile.write(4, "fine.json", "durable"), new byte[] {9});
      assertEquals("BAD_REQUEST", Hostile.code(Hostile.answer(c)));
      assertEquals("OUTSIDE_ROOT", Hostile.code(Hostile.answer(c)));
      assertEquals("BAD_PATH", Hostile.code(Hostile.answer(c)));
      ObjectNode noId = Hostile.answer(c);
      assertEquals("BAD_REQUEST", Hostile.code(noId));
      assertTrue(noId.get("id").isNull());
      assertEquals("written", Hostile.answer(c).path("outcome").asText());
    }
    assertArrayEquals(new byte[] {9}, Files.readAllBytes(root.resolve("fine.json")));
    assertTrue(Files.notExists(dir.resolve("escape")));
  }
}
