package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cached.client.CacheWriter;
import dev.cached.client.CachedClient;
import dev.cached.client.CachedUnavailableException;
import dev.cached.client.FlushResult;
import dev.cached.client.Transport;
import dev.cached.protocol.Endpoint;
import dev.cached.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loopback TCP transport end to end: the Java client, the endpoint file, status and doctor. */
class TcpTransportTest {
  @TempDir Path dir;

  @Test
  void javaClient_overTcp_writesFlushesAndReadsStatus_onTheNioTransport() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    // The NIO server path, which Windows uses: no native epoll.
    try (DaemonProcess d = new DaemonProcess(dir).over(Transport.TCP)
        .start(Map.of("JAVA_TOOL_OPTIONS", "-Dio.netty.transport.noNative=true"), "--listen", "unix,tcp")) {
      try (CachedClient c = d.client(root)) {
        c.write("a.bin", "queued".getBytes(StandardCharsets.UTF_8));
        assertEquals("written", c.writeDurable("b.bin", "durable".getBytes(StandardCharsets.UTF_8)));
        c.delete("gone.bin");
        FlushResult f = c.flush();
        assertTrue(f.ok(), f.failed().toString());
        JsonNode s = c.status();
        assertEquals("nio", s.path("transport").asText());
        JsonNode tcp = s.path("listeners").get(1);
        assertEquals("tcp", tcp.path("transport").asText());
        assertEquals("127.0.0.1", tcp.path("host").asText());
        assertEquals(Endpoint.read(d.endpointFile()).port(), tcp.path("port").asInt());
        assertTrue(s.path("connections").get(0).path("client").asText().startsWith("test"), s.toString());
      }
      assertEquals("queued", Files.readString(root.resolve("a.bin")));
      assertEquals("durable", Files.readString(root.resolve("b.bin")));
      try (CacheWriter w = CacheWriter.open(CacheWriter.options().socket(d.socket()).root(root).transport(Transport.TCP))) {
        assertTrue(w.connected());
        w.write("w.bin", new byte[] {1, 2, 3});
        assertTrue(w.flush().ok());
      }
      assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(root.resolve("w.bin")));
    }
  }

  @Test
  void endpointFile_ownerOnly_freshCookieEachStart_unreadableByAnotherUser_goneAfterStop() throws Exception {
    DaemonProcess first = new DaemonProcess(dir).start("--listen", "unix,tcp");
    Path file = first.endpointFile();
    Endpoint e1;
    try (first) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      e1 = Endpoint.read(file);
      assertEquals(first.pid(), e1.pid());
      assertEquals(1, e1.protocol());
      assertTrue(e1.cookie().matches("[0-9a-f]{64}"));
      JsonNode raw = Json.mapper().readTree(file.toFile());
      assertEquals(e1.port(), raw.path("tcp").path("port").asInt());
      if (((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0) {
        Cli.Result other = Cli.of(first).exec(java.util.List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
            "cat", file.toString()), Map.of());
        assertNotEquals(0, other.exit(), "another uid read the endpoint file: " + other);
        assertFalse(other.out().contains(e1.cookie()));
      }
      Cli.Result stop = Cli.of(first).run("stop");
      assertEquals(0, stop.exit(), stop.toString());
      first.awaitExit(Duration.ofSeconds(30));
    }
    assertFalse(Files.exists(file), "endpoint file left after 'cached stop'");
    try (DaemonProcess second = new DaemonProcess(dir).start("--listen", "unix,tcp")) {
      assertNotEquals(e1.cookie(), Endpoint.read(file).cookie(), "a new cookie at every start");
      second.signal("TERM");
      assertEquals(0, second.awaitExit(Duration.ofSeconds(30)));
    }
    assertFalse(Files.exists(file), "endpoint file left after SIGTERM");
    try (DaemonProcess third = new DaemonProcess(dir).over(Transport.TCP).start("--listen", "tcp", "--idleTimeout", "1s")) {
      assertFalse(Files.exists(third.socket()), "listen = tcp binds no Unix socket");
      assertEquals(0, third.awaitExit(Duration.ofSeconds(30)));
    }
    assertFalse(Files.exists(file), "endpoint file left after the idle exit");
  }

  @Test
  void nonLoopbackTcpHost_refusedAtStart_withTheReason() throws Exception {
    DaemonProcess d = new DaemonProcess(dir);
    Cli.Result r = Cli.of(d).run("daemon", "--listen", "unix,tcp", "--tcpHost", "0.0.0.0");
    assertNotEquals(0, r.exit(), r.toString());
    assertTrue((r.out() + r.err()).contains("tcpHost : \"0.0.0.0\" from flag --tcpHost (expected: a loopback address"), r.toString());
    assertFalse(Files.exists(d.endpointFile()));
  }

  @Test
  void statusAndDoctor_showTheListeners_andCheckTheEndpointFile() throws Exception {
    try (DaemonProcess d = new DaemonProcess(dir).start("--listen", "unix,tcp")) {
      Cli cli = Cli.of(d);
      Cli.Result json = cli.run("status", "--json", "--transport", "tcp");
      assertEquals(0, json.exit(), json.toString());
      JsonNode listeners = Json.mapper().readTree(json.out()).path("listeners");
      assertEquals("unix", listeners.get(0).path("transport").asText());
      assertEquals(d.socket().toString(), listeners.get(0).path("path").asText());
      assertEquals("tcp", listeners.get(1).path("transport").asText());
      assertEquals(d.endpointFile().toString(), listeners.get(1).path("endpointFile").asText());
      Cli.Result text = cli.run("status", "--transport", "tcp");
      assertTrue(text.out().contains("listeners    unix " + d.socket()), text.out());
      assertTrue(text.out().contains("; tcp 127.0.0.1:" + listeners.get(1).path("port").asInt()), text.out());
      Cli.Result bad = cli.run("status", "--transport", "pigeon");
      assertNotEquals(0, bad.exit(), bad.toString());
      assertTrue(bad.err().contains("expected: auto, unix or tcp"), bad.toString());

      Cli.Result ok = cli.run("doctor");
      assertTrue(ok.out().contains("ok   endpoint file: " + d.endpointFile() + ": tcp 127.0.0.1:"), ok.out());
      Files.setPosixFilePermissions(d.endpointFile(), PosixFilePermissions.fromString("rw-r--r--"));
      Cli.Result fix = cli.run("doctor");
      assertEquals(1, fix.exit(), fix.toString());
      assertTrue(fix.out().contains("has mode rw-r--r--, so others may read the cookie"), fix.out());
    }
  }

  @Test
  void staleCookie_isUnavailable_soTheWriterFallsBack_andStartWithTcpListensOnTcp() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Cli cli = Cli.of(new DaemonProcess(dir));
    Cli.Result start = cli.run("start", "--transport", "tcp");
    assertEquals(0, start.exit(), start.toString());
    Path file = new DaemonProcess(dir).endpointFile();
    try {
      Endpoint e = Endpoint.read(file);
      Endpoint forged = new Endpoint(e.protocol(), e.pid(), e.version(), e.host(), e.port(), "f".repeat(64));
      Files.write(file, Json.mapper().writeValueAsBytes(forged.toJson()));
      CachedUnavailableException refused = assertThrows(CachedUnavailableException.class,
          () -> CachedClient.connect(CachedClient.options().socket(cli.socket()).transport(Transport.TCP)));
      assertTrue(refused.getMessage().contains("refused the endpoint file's cookie"), refused.getMessage());
      try (CacheWriter w = CacheWriter.open(CacheWriter.options().socket(cli.socket()).root(root).transport(Transport.TCP))) {
        assertFalse(w.connected());
        w.write("inline.bin", new byte[] {7});
        assertTrue(w.flush().ok());
      }
      assertArrayEquals(new byte[] {7}, Files.readAllBytes(root.resolve("inline.bin")), "written in-process instead");
      Files.write(file, Json.mapper().writeValueAsBytes(e.toJson()));
    } finally {
      Cli.Result stop = cli.run("stop", "--transport", "tcp");
      assertEquals(0, stop.exit(), stop.toString());
    }
    assertFalse(Files.exists(file));
  }
}
