package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.client.Transport;
import dev.cached.protocol.Endpoint;
import dev.cached.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile peers on the TCP listener: whatever they send before a hello with the right cookie,
 * nothing is served and nothing is written (not even the root they name, in the daemon's list of
 * known roots); afterwards the daemon is healthy, its RSS bounded, and a good TCP client is served.
 */
class TcpHostileTest {
  private static final Duration ANSWER = Duration.ofSeconds(10);
  private static final long RSS_BOUND_KB = 512 * 1024;

  @TempDir Path dir;

  private final List<String> tried = new ArrayList<>();

  @Test
  void nothingIsServedOrWrittenBeforeTheCookie() throws Exception {
    Path evil = Files.createDirectories(dir.resolve("play/evil"));
    Path good = Files.createDirectories(dir.resolve("play/good"));
    String[] config = Hostile.config(dir, "listen = [\"unix\", \"tcp\"]\nhelloTimeout = \"2s\"\nframeTimeout = \"2s\"\n");
    String previousCookie;
    try (DaemonProcess earlier = new DaemonProcess(dir).start(config)) {
      previousCookie = Endpoint.read(earlier.endpointFile()).cookie();
      earlier.signal("TERM");
      earlier.awaitExit(Duration.ofSeconds(30));
    }
    try (DaemonProcess d = new DaemonProcess(dir).over(Transport.TCP).start(config)) {
      String cookie = Endpoint.read(d.endpointFile()).cookie();
      assertNotEquals(previousCookie, cookie);

      refused(d, "hello without a cookie", hello(evil), "NOT_AUTHORIZED");
      refused(d, "hello with a wrong cookie", hello(evil).put("cookie", "0".repeat(64)), "NOT_AUTHORIZED");
      refused(d, "hello with the previous start's cookie", hello(evil).put("cookie", previousCookie), "NOT_AUTHORIZED");
      refused(d, "hello with a cookie that is a number", hello(evil).put("cookie", 4242), "NOT_AUTHORIZED");
      refused(d, "hello with the cookie's first 63 digits", hello(evil).put("cookie", cookie.substring(0, 63)), "NOT_AUTHORIZED");
      refused(d, "write before the hello, with the cookie",
          Hostile.write(1, "pwned.txt", "queued").put("cookie", cookie), "NOT_AUTHORIZED");
      try (RawConnection c = RawConnection.tcp(d.socket())) {
        c.send(Hostile.write(1, "pwned.txt", "durable").put("root", evil.toString()), "pwned".getBytes(StandardCharsets.UTF_8));
        expectRefusal(c, "write with a payload before the hello", "TOO_LARGE");
      }
      try (RawConnection c = RawConnection.tcp(d.socket())) {
        String body = hello(evil).put("cookie", cookie).toString();
        c.send(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
            + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
        expectRefusal(c, "an HTTP POST (its first 4 bytes read as a length of " + 0x504F5354L + ")", "TOO_LARGE");
      }
      try (RawConnection c = RawConnection.tcp(d.socket())) {
        c.send(Hostile.prefix(0xFFFFFFFFL));
        expectRefusal(c, "a length of 0xFFFFFFFF", "TOO_LARGE");
      }
      try (RawConnection c = RawConnection.tcp(d.socket())) {
        c.send(Hostile.prefix(5000)).send(new byte[] {'{'});
        expectRefusal(c, "a header length over the 4 KiB limit before authentication", "TOO_LARGE");
      }
      try (RawConnection c = RawConnection.tcp(d.socket())) {
        byte[] full = Hostile.rawFrame(hello(evil).put("cookie", cookie).toString());
        c.send(java.util.Arrays.copyOf(full, full.length / 2));
        assertNull(c.read(ANSWER), "half a hello: closed by the hello timeout, unanswered");
        tried.add("half a hello with the right cookie: closed unanswered by the hello timeout");
      }
      SilentFlood.Result flood = SilentFlood.run(() -> RawConnection.tcpChannel(d.socket()), 300, Duration.ofSeconds(60));
      tried.add("300 connections that never say hello: " + flood);
      assertEquals(0, flood.stillOpen(), flood.toString());
      assertTrue(flood.otherAnswers().isEmpty(), flood.toString());

      System.out.println("hostile inputs tried on the TCP listener:");
      tried.forEach(t -> System.out.println("  " + t));
      assertEquals(List.of(), Hostile.tree(evil), "nothing written under the named root");
      String roots = Files.exists(d.stateDir().resolve("roots.json")) ? Files.readString(d.stateDir().resolve("roots.json")) : "";
      assertTrue(!roots.contains(evil.toString()), "an unauthenticated hello's root reached the disk: " + roots);
      Hostile.assertServes(d, good);
      long refused = d.admin().status().path("totals").path("refused").asLong();
      assertTrue(refused >= 10, "refusals counted: " + refused);
      long peakKb = peakRssKb(d.pid());
      System.out.printf("daemon peak RSS (VmHWM): %d MB%n", peakKb / 1024);
      assertTrue(peakKb < RSS_BOUND_KB, "peak RSS " + peakKb + " kB");
      String log = Files.readString(d.stateDir().resolve("cached.log"));
      assertTrue(log.contains("refused: connection tcp /127.0.0.1:"), "refusals logged with the remote port");
      assertTrue(log.lines().filter(l -> l.contains("refused: connection tcp")).count() <= 10, "refusal log lines are rate-limited");
    }
  }

  private static ObjectNode hello(Path root) {
    return Json.object().put("op", "hello").put("id", 1).put("protocol", 1).put("client", "evil").put("root", root.toString());
  }

  private void refused(DaemonProcess d, String what, ObjectNode header, String code) throws Exception {
    try (RawConnection c = RawConnection.tcp(d.socket())) {
      c.send(header, new byte[0]);
      expectRefusal(c, what, code);
    }
  }

  private void expectRefusal(RawConnection c, String what, String code) throws Exception {
    ObjectNode a = c.read(ANSWER);
    assertEquals(code, a == null ? "(closed unanswered)" : a.path("error").path("code").asText(), what + ": " + a);
    assertTrue(c.closedWithin(ANSWER), what + ": not closed after " + a);
    tried.add(what + ": " + code + ", closed");
  }

  private static long peakRssKb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new AssertionError("no VmHWM in /proc/" + pid + "/status");
  }
}
