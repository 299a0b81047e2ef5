package dev.cached.daemon.server;

import static dev.cached.daemon.server.PipelineRig.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TCP listener's pipeline: the cookie first, small limits before it, nothing served or written. */
class CookieGateTest {
  private static final String COOKIE = "0123456789abcdef".repeat(4);

  private static PipelineRig rig() {
    return PipelineRig.tcp(COOKIE, "helloTimeout", "2s");
  }

  private static void assertRefused(PipelineRig rig, String expectedCode) {
    ObjectNode a = rig.answer();
    assertEquals(expectedCode, code(a), a.toString());
    assertFalse(rig.channel.isActive(), "closed after the refusal");
    rig.runWriters(1000);
    assertTrue(rig.disk.files().isEmpty(), "nothing written");
  }

  @Test
  void helloWithTheCookie_servedAsOnTheUnixSocket() {
    PipelineRig rig = rig();
    ObjectNode ok = rig.send(rig.hello(false).put("cookie", COOKIE)).answer();
    assertTrue(ok.path("ok").asBoolean(), ok.toString());
    assertNull(rig.channel.pipeline().get(CookieGate.class), "the gate leaves once passed");
    rig.write("a", "x".repeat(10_000), "queued").answer();
    rig.runWriters(0);
    assertEquals(10_000, rig.read("a").length(), "full limits after authentication");
  }

  @Test
  void helloWithoutCookie_notAuthorized() {
    PipelineRig rig = rig();
    rig.send(rig.hello(false));
    assertRefused(rig, "NOT_AUTHORIZED");
  }

  @Test
  void wrongCookie_notAuthorized() {
    PipelineRig rig = rig();
    rig.send(rig.hello(false).put("cookie", "f".repeat(64)));
    assertRefused(rig, "NOT_AUTHORIZED");
  }

  @Test
  void cookiePrefix_orLonger_notAuthorized() {
    for (String c : List.of(COOKIE.substring(0, 63), COOKIE + "0", "")) {
      PipelineRig rig = rig();
      rig.send(rig.hello(false).put("cookie", c));
      assertRefused(rig, "NOT_AUTHORIZED");
    }
  }

  @Test
  void cookieThatIsANumber_notAuthorized() {
    PipelineRig rig = rig();
    rig.send(rig.hello(false).put("cookie", 123456789));
    assertRefused(rig, "NOT_AUTHORIZED");
  }

  @Test
  void writeBeforeHello_evenWithTheCookie_notAuthorized() {
    PipelineRig rig = rig();
    rig.send(rig.request("write", "path", "a", "cookie", COOKIE));
    assertRefused(rig, "NOT_AUTHORIZED");
  }

  @Test
  void payloadBeforeAuthentication_tooLarge() {
    PipelineRig rig = rig();
    rig.write("a", "data", "queued");
    assertRefused(rig, "TOO_LARGE");
  }

  @Test
  void httpPost_failsAtItsFirstFourBytes() {
    PipelineRig rig = rig();
    rig.sendBytes("POST".getBytes(StandardCharsets.US_ASCII));
    assertRefused(rig, "TOO_LARGE");
  }

  @Test
  void headerOverThePreAuthenticationLimit_tooLarge() {
    PipelineRig rig = rig();
    rig.sendBytes(new byte[] {0, 0, 0x10, 0x01}); // 4097
    assertRefused(rig, "TOO_LARGE");
  }

  @Test
  void halfAHello_closedByTheHelloTimeout() {
    PipelineRig rig = rig();
    rig.sendBytes(new byte[] {0, 0, 0, 100, '{', '"'});
    rig.advance(2001);
    assertFalse(rig.channel.isActive());
    assertTrue(rig.answers().isEmpty());
  }

  @Test
  void silentConnection_closedByTheHelloTimeout() {
    PipelineRig rig = rig();
    rig.advance(2001);
    assertFalse(rig.channel.isActive());
  }

  @Test
  void refusalLog_isRateLimited() {
    PipelineRig rig = rig();
    int logged = 0;
    for (int i = 0; i < 50; i++) {
      logged += rig.refusals.refused("tcp /127.0.0.1:" + (40000 + i), "test") ? 1 : 0;
    }
    assertEquals(RefusalLog.PER_WINDOW, logged);
    rig.time.advance(Duration.ofNanos(RefusalLog.WINDOW_NANOS));
    assertTrue(rig.refusals.refused("/127.0.0.1:1", "test"), "a new window logs again");
  }
}
