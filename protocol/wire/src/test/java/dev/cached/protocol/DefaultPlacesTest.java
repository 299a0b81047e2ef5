package dev.cached.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cached.protocol.DefaultPlaces.Os;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultPlacesTest {
  private static final Path HOME = Path.of("/home/u");

  @Test
  void linux_xdgVariables() {
    Map<String, String> env = Map.of(
        "XDG_RUNTIME_DIR", "/run/user/1000", "XDG_STATE_HOME", "/xs", "XDG_CONFIG_HOME", "/xc");
    assertEquals(Path.of("/run/user/1000/cached/cached.sock"), DefaultPlaces.socket(Os.LINUX, env, HOME));
    assertEquals(Path.of("/xs/cached"), DefaultPlaces.stateDir(Os.LINUX, env, HOME));
    assertEquals(Path.of("/xc/cached/config.toml"), DefaultPlaces.configFile(Os.LINUX, env, HOME));
  }

  @Test
  void linux_withoutXdg_usesHome() {
    Map<String, String> env = Map.of("XDG_RUNTIME_DIR", "");
    assertEquals(Path.of("/home/u/.cache/cached/cached.sock"), DefaultPlaces.socket(Os.LINUX, env, HOME));
    assertEquals(Path.of("/home/u/.local/state/cached"), DefaultPlaces.stateDir(Os.LINUX, env, HOME));
    assertEquals(Path.of("/home/u/.config/cached/config.toml"), DefaultPlaces.configFile(Os.LINUX, env, HOME));
  }

  @Test
  void macos_ignoresXdg() {
    Map<String, String> env = Map.of("XDG_RUNTIME_DIR", "/run/user/1000", "XDG_CONFIG_HOME", "/xc");
    assertEquals(Path.of("/home/u/Library/Caches/cached/cached.sock"), DefaultPlaces.socket(Os.MACOS, env, HOME));
    assertEquals(Path.of("/home/u/Library/Application Support/cached"), DefaultPlaces.stateDir(Os.MACOS, env, HOME));
    assertEquals(Path.of("/home/u/Library/Application Support/cached/config.toml"),
        DefaultPlaces.configFile(Os.MACOS, env, HOME));
  }

  @Test
  void windows_appDataVariables() {
    Map<String, String> env = Map.of("LOCALAPPDATA", "/la", "APPDATA", "/ra");
    assertEquals(Path.of("/la/cached/cached.sock"), DefaultPlaces.socket(Os.WINDOWS, env, HOME));
    assertEquals(Path.of("/la/cached/state"), DefaultPlaces.stateDir(Os.WINDOWS, env, HOME));
    assertEquals(Path.of("/ra/cached/config.toml"), DefaultPlaces.configFile(Os.WINDOWS, env, HOME));
  }

  @Test
  void windows_withoutVariables_usesHomeAppData() {
    assertEquals(Path.of("/home/u/AppData/Local/cached/cached.sock"), DefaultPlaces.socket(Os.WINDOWS, Map.of(), HOME));
    assertEquals(Path.of("/home/u/AppData/Local/cached/state"), DefaultPlaces.stateDir(Os.WINDOWS, Map.of(), HOME));
    assertEquals(Path.of("/home/u/AppData/Roaming/cached/config.toml"),
        DefaultPlaces.configFile(Os.WINDOWS, Map.of(), HOME));
  }
}
