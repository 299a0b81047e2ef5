package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every per-connection limit, on a daemon configured with small values. */
class LimitsTest {
  private static final int MAX_CONNECTIONS = 6;
  private static final Duration GENEROUS = Duration.ofSeconds(20);

  @TempDir static Path dir;
  static DaemonProcess daemon;
  static Path allowed;

  @BeforeAll
  static void start() throws Exception {
    allowed = Files.createDirectories(dir.resolve("allowed"));
    daemon = new DaemonProcess(dir).start(Hostile.config(dir, String.join("\n",
        "maxConnections = " + MAX_CONNECTIONS,
        "maxPendingRequests = 3",
        "helloTimeout = \"1s\"",
        "frameTimeout = \"1s\"",
        "allowedRoots = [" + Hostile.toml(allowed) + "]",
        "")));
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  private static RawConnection raw() throws IOException {
    return new RawConnection(daemon.socket());
  }

  /**
   * A connection with a hello answered. The connection-limit test leaves the daemon at its limit
   * and closes its connections as it ends; the daemon frees their slots asynchronously, so a
   * BUSY refusal here is retried until a deadline instead of failing the next test.
   */
  private static RawConnection freeHello(java.nio.file.Path root) throws IOException {
    long deadline = System.nanoTime() + GENEROUS.toNanos();
    while (true) {
      RawConnection c = raw();
      try {
        return c.hello(root);
      } catch (IOException e) {
        c.close();
        if (!String.valueOf(e.getMessage()).contains("\"BUSY\"") || System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  private static ObjectNode status(RawConnection c) throws IOException {
    c.send(Json.object().put("op", "status").put("id", 5), new byte[0]);
    ObjectNode a = Hostile.answer(c);
    assertTrue(a.path("ok").asBoolean(), a.toString());
    return (ObjectNode) a.path("status");
  }

  @Test
  void connectionsOverTheLimitGetBusyWithANullIdAndAreClosedWhileTheOthersGoOn() throws Exception {
    List<RawConnection> open = new ArrayList<>();
    try {
      RawConnection first = raw().hello(null);
      open.add(first);
      long deadline = System.nanoTime() + GENEROUS.toNanos();
      while (status(first).path("connections").size() > 1) { // earlier tests' connections still closing
        assertTrue(System.nanoTime() < deadline, "other connections did not go away");
      }
      for (int i = 1; i < MAX_CONNECTIONS; i++) {
        open.add(raw().hello(null));
      }
      try (RawConnection extra = raw()) {
        ObjectNode busy = Hostile.answer(extra);
        assertEquals("BUSY", Hostile.code(busy));
        assertTrue(busy.get("id").isNull(), busy.toString());
        assertTrue(busy.path("error").path("message").asText().contains("maxConnections " + MAX_CONNECTIONS), busy.toString());
        assertTrue(extra.closedWithin(GENEROUS));
      }
      for (RawConnection c : open) {
        assertEquals(MAX_CONNECTIONS, status(c).path("connections").size());
      }
    } finally {
      for (RawConnection c : open) {
        c.close();
      }
    }
  }

  @Test
  void durableWritesAndFlushesBeyondMaxPendingRequestsAreBusy() throws Exception {
    Path root = Files.createDirectories(allowed.resolve("pending"));
    List<Immutable> stuck = new ArrayList<>();
    try (RawConnection c = freeHello(root)) {
      for (int i = 1; i <= 3; i++) {
        Path p = Files.writeString(root.resolve("stuck" + i), "old");
        stuck.add(Immutable.hold(p));
        c.send(Hostile.write(i, "stuck" + i, "durable"), "new".getBytes());
      }
      c.send(Hostile.write(4, "free", "durable"), "x".getBytes());
      ObjectNode busy = Hostile.answer(c);
      assertEquals(4, busy.path("id").asLong(), busy.toString());
      assertEquals("BUSY", Hostile.code(busy));
      assertTrue(busy.path("error").path("message").asText().contains("unanswered requests : 3"), busy.toString());
      c.send(Json.object().put("op", "flush").put("id", 6), new byte[0]);
      ObjectNode flushBusy = Hostile.answer(c);
      assertEquals(6, flushBusy.path("id").asLong(), flushBusy.toString());
      assertEquals("BUSY", Hostile.code(flushBusy), "a flush counts as unanswered too");
      for (Immutable held : stuck) {
        held.release();
      }
      for (int i = 0; i < 3; i++) {
        ObjectNode done = Hostile.answer(c);
        assertEquals("written", done.path("outcome").asText(), done.toString());
      }
      c.send(Hostile.write(5, "free", "durable"), "x".getBytes());
      assertEquals("written", Hostile.answer(c).path("outcome").asText(), "below the limit again");
    } finally {
      for (Immutable held : stuck) {
        held.release();
      }
    }
    assertEquals("new", Files.readString(root.resolve("stuck3")));
  }

  @Test
  void aSilentConnectionIsClosedAfterTheHelloTimeoutWithoutAnAnswer() throws Exception {
    try (RawConnection bound = freeHello(null)) {
      long t0 = System.nanoTime();
      try (RawConnection silent = raw()) {
        assertNull(silent.read(GENEROUS), "closed without an answer");
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms >= 900, "closed after " + ms + " ms, before the 1 s hello timeout");
      status(bound); // a connection that said hello is not closed by the hello timer
    }
    assertTrue(daemon.output().contains("sent no hello within 1000 ms"), daemon.output());
  }

  @Test
  void halfAFrameThenSilenceIsClosedAfterTheFrameTimeout() throws Exception {
    try (RawConnection c = freeHello(Files.createDirectories(allowed.resolve("half")))) {
      byte[] frame = Hostile.rawFrame("{\"op\":\"write\",\"id\":1,\"path\":\"x\",\"size\":10}");
      c.send(java.util.Arrays.copyOf(frame, frame.length - 5));
      assertTrue(c.closedWithin(GENEROUS), "closed");
    }
    try (RawConnection c = freeHello(Files.createDirectories(allowed.resolve("half")))) {
      c.send(Hostile.rawFrame("{\"op\":\"write\",\"id\":1,\"path\":\"x\",\"size\":10}"));
      c.send(new byte[4]); // payload started, 6 bytes never come
      assertTrue(c.closedWithin(GENEROUS), "closed");
    }
    assertTrue(daemon.output().contains("left a frame unfinished"), daemon.output());
    assertTrue(Files.notExists(allowed.resolve("half/x")));
  }

  @Test
  void aHelloWithAnUnsupportedProtocolNamesTheSupportedVersionsAndTheFix() throws Exception {
    try (RawConnection c = raw()) {
      c.send(Json.object().put("op", "hello").put("id", 0).put("protocol", 99), new byte[0]);
      ObjectNode a = Hostile.answer(c);
      assertEquals("PROTOCOL_VERSION", Hostile.code(a));
      assertEquals(0, a.path("id").asLong());
      String message = a.path("error").path("message").asText();
      assertTrue(message.contains("protocol : 99") && message.contains("[1]") && message.contains("cached stop"), message);
      assertTrue(c.closedWithin(GENEROUS));
    }
  }

  @Test
  void rootsThatMayNotBeBoundAreRefusedWithTheReasonAndClosed() throws Exception {
    String[][] cases = {
      {"relative/cache", "not absolute"},
      {"/", "file-system root"},
      {System.getProperty("user.home"), "home directory itself"},
      {dir.resolve("elsewhere").toString(), "not under any of allowedRoots"},
      {allowed + "/../elsewhere", "not under any of allowedRoots"},
    };
    for (String[] c : cases) {
      try (RawConnection conn = raw()) {
        conn.send(Json.object().put("op", "hello").put("id", 0).put("protocol", 1).put("root", c[0]), new byte[0]);
        ObjectNode a = Hostile.answer(conn);
        assertEquals("ROOT_NOT_ALLOWED", Hostile.code(a), c[0]);
        assertTrue(a.path("error").path("message").asText().contains(c[1]), a.toString());
        assertTrue(conn.closedWithin(GENEROUS), c[0]);
      }
    }
    Hostile.assertServes(daemon, allowed.resolve("fine"));
  }
}
