package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.client.CachedClient;
import dev.cached.client.Transport;
import dev.cached.protocol.Endpoint;
import dev.cached.protocol.Json;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that must use TCP ({@code CACHED_TRANSPORT=tcp}) and finds no daemon starts one that
 * listens on TCP too, and reaches it through the endpoint file.
 */
@Timeout(120)
class TcpAutostartTest {
  private static final Pattern PID = Pattern.compile("pid=(\\d+)");

  @TempDir Path dir;

  @Test
  void autostart_whenTheClientUsesTcp_startsADaemonWithTcp() throws Exception {
    Path socket = dir.resolve("run/cached.sock");
    Path root = dir.resolve("root");
    Path out = dir.resolve("probe.out");
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
    cmd.add(AutostartProbe.class.getName());
    cmd.addAll(List.of(socket.toString(), root.toString(), "tcp-probe"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("CACHED_DAEMON_CMD", Json.mapper().writeValueAsString(DaemonProcess.cachedCommand()));
    pb.environment().put("CACHED_STATE_DIR", dir.resolve("state").toString());
    pb.environment().put("CACHED_CONFIG", "none");
    pb.environment().put("CACHED_TRANSPORT", "tcp");
    pb.environment().remove("CACHED_SOCKET");
    Process probe = pb.start();
    long daemonPid = -1;
    try {
      try (OutputStream in = probe.getOutputStream()) {
        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
      }
      assertTrue(probe.waitFor(90, TimeUnit.SECONDS), "probe still running");
      String text = Files.readString(out);
      assertEquals(0, probe.exitValue(), text);
      assertTrue(text.contains("connected=true"), text);
      assertTrue(text.contains("flushed=true done=1"), text);
      Matcher m = PID.matcher(text);
      assertTrue(m.find(), text);
      daemonPid = Long.parseLong(m.group(1));
      assertEquals(daemonPid, Endpoint.read(Endpoint.fileOf(socket)).pid(), "the endpoint file is the started daemon's");
      assertEquals("tcp-probe", Files.readString(root.resolve("tcp-probe.json")));
      try (CachedClient admin = CachedClient.connect(CachedClient.options().socket(socket).transport(Transport.TCP))) {
        assertEquals("tcp", admin.status().path("listeners").get(1).path("transport").asText());
      }
    } finally {
      probe.destroyForcibly();
      if (daemonPid > 0) {
        Optional<ProcessHandle> h = ProcessHandle.of(daemonPid);
        if (h.isPresent()) {
          h.get().destroy();
          h.get().onExit().get(60, TimeUnit.SECONDS);
        }
      }
    }
    assertFalse(Files.exists(Endpoint.fileOf(socket)), "endpoint file left after the daemon's SIGTERM");
  }
}
