package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.Json;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real daemon and a client of another protocol version. */
@Timeout(60)
class HelloVersionTest {
  @TempDir Path dir;

  @Test
  void helloOfProtocol2_isRefusedWithTheVersionsAndTheFixThenClosed() throws Exception {
    try (DaemonProcess daemon = new DaemonProcess(dir).start(); RawConnection raw = new RawConnection(daemon.socket())) {
      ObjectNode hello = Json.object().put("op", "hello").put("id", 0).put("protocol", 2).put("client", "future/2")
          .put("root", dir.resolve("root").toString());
      raw.send(hello, new byte[0]);
      ObjectNode a = raw.read(Duration.ofSeconds(10));
      assertFalse(a.path("ok").asBoolean(), a.toString());
      assertEquals("PROTOCOL_VERSION", a.path("error").path("code").asText());
      String m = a.path("error").path("message").asText();
      assertTrue(m.contains("speaks [1]") && m.contains("'cached stop'"), m);
      assertTrue(raw.closedWithin(Duration.ofSeconds(10)), "the connection is closed after the refusal");

      try (RawConnection ok = new RawConnection(daemon.socket())) {
        ok.send(hello.put("protocol", 1), new byte[0]);
        ObjectNode b = ok.read(Duration.ofSeconds(10));
        assertTrue(b.path("ok").asBoolean(), b.toString());
        assertEquals(1, b.path("protocol").asInt());
        assertTrue(b.path("protocols").toString().contains("1"), b.toString());
      }
    }
  }
}
