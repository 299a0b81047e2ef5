package dev.cached.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of bad value, from each source, gives {@code key : value from source (expected: …)}. */
class BadValueMessagesTest {
  @TempDir Path home;

  /** key, the value as a TOML literal (also its JSON form in the message), the value as env/flag text, what is expected. */
  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("retry.deadline", "\"soon\"", "soon", "a duration like 250ms, 10s, 2m"),
        Arguments.of("retry.deadline", "60", "60", "a duration like 250ms, 10s, 2m"),
        Arguments.of("retry.deadline", "\"2d\"", "2d", "a duration from 0 to 1d"),
        Arguments.of("helloTimeout", "\"0ms\"", "0ms", "a duration from 1ms to 10m"),
        Arguments.of("idleTimeout", "\"500ms\"", "500ms", "a duration from 1s to 30d, or off"),
        Arguments.of("idleTimeout", "\"never\"", "never", "a duration like 250ms, 10s, 2m, or off"),
        Arguments.of("maxPayload", "\"lots\"", "lots", "a size in bytes like 4096, 512KiB, 64MiB, 10MB"),
        Arguments.of("maxPayload", "0", "0", "a size from 1 to 2147483632 bytes"),
        Arguments.of("maxPayload", "\"2GiB\"", "2GiB", "a size from 1 to 2147483632 bytes"),
        Arguments.of("maxPayload", "1.5", "1.5", "a size in bytes like 4096, 512KiB, 64MiB, 10MB"),
        Arguments.of("maxConnections", "0", "0", "an integer 1..65536"),
        Arguments.of("maxConnections", "65537", "65537", "an integer 1..65536"),
        Arguments.of("writerThreads", "\"many\"", "many", "an integer 1..256"),
        Arguments.of("writerThreads", "257", "257", "an integer 1..256"),
        Arguments.of("breaker.threshold", "0", "0", "an integer 1..1000"),
        Arguments.of("log.maxHistory", "-1", "-1", "an integer 0..1000"),
        Arguments.of("retry.factor", "0.5", "0.5", "a number 1..100"),
        Arguments.of("faults.holdShare", "1.5", "1.5", "a number 0..1"),
        Arguments.of("faults.holdShare", "\"NaN\"", "NaN", "a number 0..1"),
        Arguments.of("fsync", "\"always\"", "always", "one of none, file, file+dir"),
        Arguments.of("listen", "\"pipe\"", "pipe", "a non-empty list of unix and tcp, without repeats, like \"unix,tcp\""),
        Arguments.of("listen", "[\"tcp\",\"tcp\"]", "tcp,tcp", "a non-empty list of unix and tcp, without repeats, like \"unix,tcp\""),
        Arguments.of("listen", "[]", ",", "a non-empty list of unix and tcp, without repeats, like \"unix,tcp\""),
        Arguments.of("tcpPort", "65536", "65536", "an integer 0..65535"),
        Arguments.of("tcpHost", "\"0.0.0.0\"", "0.0.0.0", "a loopback address (127.0.0.1, another 127.x.y.z, ::1, or localhost): the TCP listener is guarded by a cookie, not by encryption, so it must not be reachable from other machines"),
        Arguments.of("tcpHost", "\"192.168.1.2\"", "192.168.1.2", "a loopback address (127.0.0.1, another 127.x.y.z, ::1, or localhost): the TCP listener is guarded by a cookie, not by encryption, so it must not be reachable from other machines"),
        Arguments.of("tcpHost", "\"example.org\"", "example.org", "a loopback address (127.0.0.1, another 127.x.y.z, ::1, or localhost): the TCP listener is guarded by a cookie, not by encryption, so it must not be reachable from other machines"),
        Arguments.of("log.level", "\"verbose\"", "verbose", "one of trace, debug, info, warn, error"),
        Arguments.of("log.maxFileSize", "\"2GiB\"", "2GiB", "a size from 1KiB to 1GiB bytes"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void fromFile(String key, String toml, String text, String expected) throws Exception {
    Loads loads = new Loads(home);
    String message = loads.fileFailure(key + " = " + toml + "\n");
    assertEquals(key + " : " + toml + " from " + loads.defaultFile() + " (expected: " + expected + ")", message);
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void fromEnv(String key, String toml, String text, String expected) {
    String variable = ConfigKey.byKey(key).orElseThrow().envVar();
    String message = new Loads(home).failure(Map.of(), Map.of(variable, text));
    assertEquals(key + " : \"" + text + "\" from env " + variable + " (expected: " + expected + ")", message);
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void fromFlag(String key, String toml, String text, String expected) {
    String message = new Loads(home).failure(Map.of(key, text), Map.of());
    assertEquals(key + " : \"" + text + "\" from flag --" + key + " (expected: " + expected + ")", message);
  }

  /** Paths: relative ones are an error in the file and the environment (flags resolve them). */
  static Stream<Arguments> badPaths() {
    return Stream.of(
        Arguments.of("socket", "\"run/c.sock\"", "run/c.sock", "an absolute path, or one starting with ~/"),
        Arguments.of("stateDir", "\"\"", null, "an absolute path, or one starting with ~/"),
        Arguments.of("stateDir", "7", null, "an absolute path, or one starting with ~/"),
        Arguments.of("allowedRoots", "[\"rel\"]", "rel", "an array of absolute paths (or ones starting with ~/);"
            + " in the environment or a flag, paths separated by '" + java.io.File.pathSeparator + "'"),
        Arguments.of("allowedRoots", "[1]", null, "an array of absolute paths (or ones starting with ~/);"
            + " in the environment or a flag, paths separated by '" + java.io.File.pathSeparator + "'"));
  }

  @ParameterizedTest
  @MethodSource("badPaths")
  void pathFromFileOrEnv(String key, String toml, String text, String expected) throws Exception {
    Loads loads = new Loads(home);
    String message = loads.fileFailure(key + " = " + toml + "\n");
    assertEquals(key + " : " + toml + " from " + loads.defaultFile() + " (expected: " + expected + ")", message);
    if (text != null) {
      String variable = ConfigKey.byKey(key).orElseThrow().envVar();
      String fromEnv = new Loads(home.resolve("e")).failure(Map.of(), Map.of(variable, text));
      assertEquals(key + " : \"" + text + "\" from env " + variable + " (expected: " + expected + ")", fromEnv);
    }
  }

  @org.junit.jupiter.api.Test
  void everyProblem_isReported_oneALine() throws Exception {
    Loads loads = new Loads(home);
    loads.writeDefault("maxConnections = 0\nfsync = \"sometimes\"\n");
    ConfigException e = assertThrows(ConfigException.class,
        () -> loads.load(Map.of("writerThreads", "0"), Map.of("CACHED_LOG_LEVEL", "loud")));
    assertEquals(4, e.problems().size(), e.getMessage());
    assertEquals(String.join("\n", e.problems()), e.getMessage());
    assertEquals(
        "maxConnections : 0 from " + loads.defaultFile() + " (expected: an integer 1..65536)", e.problems().get(0));
  }

  @org.junit.jupiter.api.Test
  void longValues_areCutShort_andControlCharactersEscaped() {
    String message = new Loads(home).failure(Map.of(), Map.of("CACHED_FSYNC", "x\n".repeat(300)));
    assertEquals("fsync : \"" + "x\\n".repeat(66) + "x…", message.substring(0, message.indexOf('…') + 1));
    assertEquals(1, message.lines().count());
  }
}
