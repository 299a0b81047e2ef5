package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.ProtocolException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link PathGuard#resolve}: every syntax rule, with the offending part named in the message. */
class PathGuardTest {
  /** {@code /srv/cache/root}, or {@code C:\\srv\\cache\\root} on Windows: absolute on every host. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getRoot().resolve("srv/cache/root");
  private static final String ABS = ROOT.toString();
  private static final int MAX_PATH = 4096;

  static Stream<Arguments> refused() {
    String seg256 = "s".repeat(256);
    return Stream.of(
        Arguments.of("", ErrorCode.BAD_PATH, "empty"),
        Arguments.of("/etc/passwd", ErrorCode.OUTSIDE_ROOT, "absolute path outside the root"),
        Arguments.of(ABS + "sibling/x", ErrorCode.OUTSIDE_ROOT, "absolute path outside the root"),
        Arguments.of(ABS, ErrorCode.OUTSIDE_ROOT, "absolute path outside the root"),
        Arguments.of(ABS + "/", ErrorCode.BAD_PATH, "empty"),
        Arguments.of("../x", ErrorCode.OUTSIDE_ROOT, "segment 1 is '..'"),
        Arguments.of("a/../../b", ErrorCode.OUTSIDE_ROOT, "segment 2 is '..'"),
        Arguments.of("a/..", ErrorCode.OUTSIDE_ROOT, "segment 2 is '..'"),
        Arguments.of(ABS + "/../x", ErrorCode.OUTSIDE_ROOT, "segment 1 is '..'"),
        Arguments.of("./x", ErrorCode.BAD_PATH, "segment 1 is '.'"),
        Arguments.of("a//b", ErrorCode.BAD_PATH, "segment 2 is empty"),
        Arguments.of("a/", ErrorCode.BAD_PATH, "segment 2 is empty"),
        Arguments.of("a\0b", ErrorCode.BAD_PATH, "control character U+0000 at 1"),
        Arguments.of("a/b\nc", ErrorCode.BAD_PATH, "control character U+000A at 3"),
        Arguments.of("x\u007f", ErrorCode.BAD_PATH, "control character U+007F at 1"),
        Arguments.of("a\\b", ErrorCode.BAD_PATH, "backslash at 1"),
        Arguments.of("c:x", ErrorCode.BAD_PATH, "':' at 1"),
        Arguments.of("a/" + seg256 + "/b", ErrorCode.BAD_PATH, "segment 2 is 256 bytes"),
        Arguments.of("a/" + "é".repeat(128), ErrorCode.BAD_PATH, "segment 2 is 256 bytes"),
        Arguments.of("d/".repeat(2048) + "x", ErrorCode.BAD_PATH, "4097 bytes, longer than maxPathBytes 4096"),
        Arguments.of("CON", ErrorCode.BAD_PATH, "segment 'CON' is a reserved name"),
        Arguments.of("a/nul.txt", ErrorCode.BAD_PATH, "segment 'nul.txt' is a reserved name"),
        Arguments.of("COM1", ErrorCode.BAD_PATH, "segment 'COM1'"),
        Arguments.of("x/lpt9.tar.gz", ErrorCode.BAD_PATH, "segment 'lpt9.tar.gz'"),
        Arguments.of("aux", ErrorCode.BAD_PATH, "segment 'aux'"),
        Arguments.of("Prn.md", ErrorCode.BAD_PATH, "segment 'Prn.md' is a reserved name"),
        Arguments.of("COM\u00b9", ErrorCode.BAD_PATH, "segment 'COM\u00b9' is a reserved name"),
        Arguments.of("a/com\u00b2.log", ErrorCode.BAD_PATH, "segment 'com\u00b2.log' is a reserved name"),
        Arguments.of("LPT\u00b3.txt", ErrorCode.BAD_PATH, "segment 'LPT\u00b3.txt' is a reserved name"),
        Arguments.of("lpt\u00b9", ErrorCode.BAD_PATH, "segment 'lpt\u00b9' is a reserved name"),
        Arguments.of("CONIN$", ErrorCode.BAD_PATH, "segment 'CONIN$' is a reserved name"),
        Arguments.of("a/ CON.txt", ErrorCode.BAD_PATH, "segment ' CON.txt' is a reserved name"),
        Arguments.of("conout$.log", ErrorCode.BAD_PATH, "segment 'conout$.log' is a reserved name"),
        Arguments.of("x/" + "\uD83D\uDE00".repeat(64), ErrorCode.BAD_PATH, "segment 2 is 256 bytes"),
        Arguments.of("dir./x", ErrorCode.BAD_PATH, "segment 'dir.' ends in a dot or space"),
        Arguments.of("x/name ", ErrorCode.BAD_PATH, "segment 'name ' ends in a dot or space"),
        Arguments.of("a/.x.json.0123456789abcdef.cached-tmp", ErrorCode.BAD_PATH, "temp-file pattern"),
        Arguments.of("lone\uD800surrogate", ErrorCode.BAD_PATH, "not a valid file name"));
  }

  @ParameterizedTest(name = "{1} {2}")
  @MethodSource("refused")
  void refusesAndNamesTheOffendingPart(String path, ErrorCode code, String mention) {
    ProtocolException e = assertThrows(ProtocolException.class, () -> PathGuard.resolve(ROOT, path, MAX_PATH, 7L));
    assertEquals(code, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains(mention), "'" + e.getMessage() + "' should mention '" + mention + "'");
    assertFalse(e.fatal());
    assertEquals(7L, e.id());
  }

  @Test
  void messagesShowControlCharactersEscapedAndLongPathsCut() {
    ProtocolException e = assertThrows(ProtocolException.class, () -> PathGuard.resolve(ROOT, "a\0b", MAX_PATH, 1L));
    assertTrue(e.getMessage().contains("a\\u0000b"), e.getMessage());
    ProtocolException longOne =
        assertThrows(ProtocolException.class, () -> PathGuard.resolve(ROOT, "d/".repeat(5000), MAX_PATH, 1L));
    assertTrue(longOne.getMessage().length() < 400, longOne.getMessage());
  }

  @Test
  void acceptsOrdinaryPathsAndAbsolutePathsInsideTheRoot() throws Exception {
    assertEquals(ROOT.resolve("3.11/enum.data.json"), PathGuard.resolve(ROOT, "3.11/enum.data.json", MAX_PATH, 1L));
    assertEquals(ROOT.resolve("a/b"), PathGuard.resolve(ROOT, ABS + "/a/b", MAX_PATH, 1L));
    assertEquals(ROOT.resolve(".hidden"), PathGuard.resolve(ROOT, ".hidden", MAX_PATH, 1L));
    assertEquals(ROOT.resolve("con-fig/COM10/lpt"), PathGuard.resolve(ROOT, "con-fig/COM10/lpt", MAX_PATH, 1L));
    assertEquals(ROOT.resolve("..x/x..y"), PathGuard.resolve(ROOT, "..x/x..y", MAX_PATH, 1L));
    assertEquals(ROOT.resolve("s".repeat(255)), PathGuard.resolve(ROOT, "s".repeat(255), MAX_PATH, 1L));
    assertEquals(ROOT.resolve("é😀.json"), PathGuard.resolve(ROOT, "é😀.json", MAX_PATH, 1L));
    String full = "\uD83D\uDE00".repeat(63) + "abc"; // 255 bytes in UTF-8
    assertEquals(ROOT.resolve(full), PathGuard.resolve(ROOT, full, MAX_PATH, 1L));
    assertEquals(ROOT.resolve("a/conout$x/CONOUTS"), PathGuard.resolve(ROOT, "a/conout$x/CONOUTS", MAX_PATH, 1L));
    String exact = "d/".repeat(2047) + "xy";
    assertEquals(4096, exact.length());
    assertEquals(ROOT.resolve(exact), PathGuard.resolve(ROOT, exact, MAX_PATH, 1L));
  }
}
