package dev.cached.config;

import dev.cached.protocol.DefaultPlaces;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loads a config as a Linux user whose home is a test directory, with nothing from the real machine. */
final class Loads {
  final Path home;

  Loads(Path home) {
    this.home = home;
  }

  ParseContext ctx() {
    return new ParseContext(DefaultPlaces.Os.LINUX, home, home.resolve("work"));
  }

  /**
   * {@code unixPath} ({@code /run/x.sock}) as an absolute path of this host: itself on POSIX, on the
   * current drive on Windows ({@code C:\\run\\x.sock}), where a leading {@code /} is not absolute.
   */
  static String abs(String unixPath) {
    Path root = Path.of("").toAbsolutePath().getRoot();
    return root.resolve(unixPath.substring(1)).toString();
  }

  /** {@code text} as a TOML literal string, which keeps Windows backslashes as they are. */
  static String toml(String text) {
    return "'" + text + "'";
  }

  /** The default config file's place for this home. */
  Path defaultFile() {
    return home.resolve(".config/cached/config.toml");
  }

  /** Writes {@code toml} to the default place. */
  Path writeDefault(String toml) throws IOException {
    return write(defaultFile(), toml);
  }

  Path write(Path file, String toml) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, toml);
  }

  LoadedConfig load(Map<String, String> flags, Map<String, String> env) throws ConfigException {
    return ConfigLoader.load(flags, env, ctx());
  }

  LoadedConfig load() throws ConfigException {
    return load(Map.of(), Map.of());
  }

  /** The message of the exception a load throws. */
  String failure(Map<String, String> flags, Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> load(flags, env)).getMessage();
  }

  /** The message for a config file holding {@code toml}. */
  String fileFailure(String toml) throws IOException {
    writeDefault(toml);
    return failure(Map.of(), Map.of());
  }
}
