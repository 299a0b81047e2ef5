package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cached.client.CachedClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Only the daemon's own user (and root) is served, by the daemon's own check of the peer's
 * credentials: the socket is opened up (directory 0755, socket 0666) so the kernel lets another
 * user connect, then uid 65534 connects and must be closed without an answer. Runs on both
 * transports. Needs root and {@code setpriv}; skipped otherwise.
 */
class PeerCredentialsTest {
  private static final String CLIENT = String.join("\n",
      "import json, socket, struct, sys",
      "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
      "s.settimeout(20)",
      "s.connect(sys.argv[1])",
      "h = json.dumps({'op': 'hello', 'id': 0, 'protocol': 1, 'client': 'intruder'}).encode()",
      "try:",
      "    s.sendall(struct.pack('>I', len(h)) + h)",
      "    data = s.recv(65536)",
      "except ConnectionResetError:",
      "    data = b''",
      "except BrokenPipeError:",
      "    data = b''",
      "except socket.timeout:",
      "    print('TIMEOUT'); sys.exit(0)",
      "print('ANSWER ' + data[4:].decode() if data else 'CLOSED')");

  @TempDir Path dir;

  @ParameterizedTest(name = "transport {0}")
  @ValueSource(strings = {"epoll", "nio"})
  void anotherUserIsClosedWithoutAnAnswerAndTheRefusalIsLogged(String transport) throws Exception {
    Root.assume("connecting as another user");
    String python = usablePython();
    assumeTrue(python != null, "skipped: setpriv, or a python3 that uid 65534 can run, is missing");
    Map<String, String> env = transport.equals("nio")
        ? Map.of("JAVA_TOOL_OPTIONS", "-Dio.netty.transport.noNative=true") : Map.of();
    try (DaemonProcess daemon = new DaemonProcess(dir).start(env)) {
      try (CachedClient admin = daemon.admin()) {
        assertEquals(transport, admin.status().path("transport").asText(), "the transport under test");
      }
      open(dir, "rwxr-xr-x");
      open(daemon.socket().getParent(), "rwxr-xr-x");
      Files.setPosixFilePermissions(daemon.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));

      assertEquals("ANSWER", run(List.of(python, "-c", CLIENT, daemon.socket().toString())).split(" ")[0],
          "the same script as the daemon's own user gets a hello answer");
      String intruder = run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
          python, "-c", CLIENT, daemon.socket().toString()));
      assertEquals("CLOSED", intruder, "uid 65534 must be closed without an answer");
      String log = daemon.output();
      assertTrue(log.contains("refused: connection") && log.contains("is not the daemon's"), log);
      try (CachedClient admin = daemon.admin()) {
        assertTrue(admin.status().path("totals").path("refused").asLong() >= 1);
      }
    }
  }

  private static void open(Path p, String perms) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
  }

  /** A python3 that uid 65534 can run (a pyenv shim under /root is not one), or null. */
  private static String usablePython() throws Exception {
    for (String candidate : new String[] {"/usr/bin/python3", "/usr/local/bin/python3", "python3"}) {
      try {
        String out = run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", candidate, "-c", "print('ok')"));
        if (out.equals("ok")) {
          return candidate;
        }
      } catch (IOException e) {
        // not there or not runnable: try the next
      }
    }
    return null;
  }

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + cmd);
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }
}
