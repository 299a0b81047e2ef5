package dev.cached.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.protocol.DefaultPlaces.Os;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code listen}, {@code tcpHost} and {@code tcpPort}: defaults per platform, forms, loopback only. */
class ListenerKeysTest {
  @TempDir Path home;

  @Test
  void defaults_unixOnLinuxAndMacos_unixAndTcpOnWindows() throws Exception {
    assertEquals(List.of(Listener.UNIX), ConfigLoader.load(Map.of(), Map.of(), new ParseContext(Os.LINUX, home, home)).config().listen());
    assertEquals(List.of(Listener.UNIX), ConfigLoader.load(Map.of(), Map.of(), new ParseContext(Os.MACOS, home, home)).config().listen());
    CachedConfig windows = ConfigLoader.load(Map.of(), Map.of(), new ParseContext(Os.WINDOWS, home, home)).config();
    assertEquals(List.of(Listener.UNIX, Listener.TCP), windows.listen());
    assertEquals("127.0.0.1", windows.tcpHost());
    assertEquals(0, windows.tcpPort());
  }

  @Test
  void listen_fromFlagText_fileArray_andEnv() throws Exception {
    Loads loads = new Loads(home);
    assertEquals(List.of(Listener.TCP, Listener.UNIX), loads.load(Map.of("listen", " TCP , unix"), Map.of()).config().listen());
    assertEquals(List.of(Listener.TCP), loads.load(Map.of(), Map.of("CACHED_LISTEN", "tcp")).config().listen());
    loads.writeDefault("listen = [\"unix\", \"tcp\"]\ntcpPort = 4711\ntcpHost = \"::1\"\n");
    LoadedConfig loaded = loads.load();
    assertEquals(List.of(Listener.UNIX, Listener.TCP), loaded.config().listen());
    assertEquals("unix,tcp", loaded.entry("listen").orElseThrow().value());
    assertEquals(4711, loaded.config().tcpPort());
    assertEquals("::1", loaded.config().tcpHost());
  }

  @Test
  void loopback_literalsAndLocalhost_only_withoutAskingDns() {
    for (String ok : List.of("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST")) {
      assertTrue(NetTypes.isLoopback(ok), ok);
    }
    for (String bad : List.of("0.0.0.0", "::", "10.0.0.1", "192.168.1.2", "example.org", "localhost.evil.example", "")) {
      assertFalse(NetTypes.isLoopback(bad), bad);
    }
  }
}
