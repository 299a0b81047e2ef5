package dev.cached.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.protocol.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A daemon of another protocol version: one clear line with the fix, and the writer falls back. */
@Timeout(30)
class VersionSkewTest {
  @TempDir Path dir;

  @Test
  void refusedHello_saysWhatEachSideSpeaksAndTheFix() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (FakeDaemon d = new FakeDaemon(socket, r -> FakeDaemon.error(r, "PROTOCOL_VERSION",
        "protocol : 1 (this daemon, cached/9.9.9, speaks [2]); to use a newer client, run 'cached stop'"))) {
      CachedException e = assertThrows(CachedException.class,
          () -> CachedClient.connect(CachedClient.options().socket(socket).root(dir.resolve("root"))));
      assertEquals(ErrorCode.PROTOCOL_VERSION, e.code());
      assertFalse(e instanceof CachedUnavailableException);
      assertTrue(e.getMessage().contains("needs protocol 1"), e.getMessage());
      assertTrue(e.getMessage().contains("speaks [2]"), e.getMessage());
      assertTrue(e.getMessage().contains("run 'cached stop', then start"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line");
      assertEquals(1, d.received.take().path("protocol").asInt(), "the client said which protocol it speaks");
    }
  }

  @Test
  void helloAnswerWithoutOurVersion_isRefusedByTheClient() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (FakeDaemon d = new FakeDaemon(socket, r -> FakeDaemon.helloOk(r.path("id").asLong(), 2, 3))) {
      CachedException e = assertThrows(CachedException.class,
          () -> CachedClient.connect(CachedClient.options().socket(socket).root(dir.resolve("root"))));
      assertEquals(ErrorCode.PROTOCOL_VERSION, e.code());
      assertTrue(e.getMessage().contains("cached/9.9.9") && e.getMessage().contains("[2, 3]"), e.getMessage());
      assertTrue(e.getMessage().contains("'cached stop'"), e.getMessage());
      assertEquals("hello", d.received.take().path("op").asText());
    }
  }

  @Test
  void helloAnswerWithOurVersionAmongOthers_connects() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (FakeDaemon d = new FakeDaemon(socket, r -> FakeDaemon.helloOk(r.path("id").asLong(), 2, 1));
        CachedClient c = CachedClient.connect(CachedClient.options().socket(socket).root(dir.resolve("root")))) {
      assertTrue(c.isOpen());
      assertEquals("hello", d.received.take().path("op").asText());
    }
  }

  @Test
  void cacheWriterAgainstASkewedDaemon_warnsOnceWithTheFixAndWritesInProcess() throws Exception {
    Path socket = dir.resolve("s.sock");
    Path root = dir.resolve("root");
    try (FakeDaemon d = new FakeDaemon(socket, r -> FakeDaemon.helloOk(r.path("id").asLong(), 2));
        LogCapture log = new LogCapture();
        CacheWriter w = CacheWriter.open(CacheWriter.options().socket(socket).root(root)
            .reconnectInterval(Duration.ofDays(1)).env(Map.of()))) {
      assertFalse(w.connected());
      assertEquals("hello", d.received.take().path("op").asText());
      for (int i = 0; i < 20; i++) {
        w.write("a.json", new byte[] {(byte) i});
      }
      assertEquals(new FlushResult(20, List.of()), w.flush());
      assertArrayEquals(new byte[] {19}, Files.readAllBytes(root.resolve("a.json")));
      List<String> warnings = log.at(Level.WARNING);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("run 'cached stop', then start the daemon that matches this client"), warnings.get(0));
    }
  }
}
