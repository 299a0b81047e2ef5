package dev.cached.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.emulation.Violation;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling a redirected output file. Regression for issue 17, point 11: on Windows a running
 * daemon holds {@code daemon.out} open without share-delete, and the move that rolled it failed.
 */
class OutputRollTest {
  @TempDir Path dir;

  @Test
  void aSmallFileStays_aBigOneMoves() throws Exception {
    Path out = Files.writeString(dir.resolve("daemon.out"), "0123456789");
    assertFalse(OutputRoll.roll(out, 10));
    assertFalse(OutputRoll.roll(dir.resolve("absent.out"), 0));
    assertTrue(OutputRoll.roll(out, 9));
    assertEquals("0123456789", Files.readString(dir.resolve("daemon.out.1")));
    assertFalse(Files.exists(out));
  }

  @Test
  void aFileHeldAsOnWindows_isCopiedAndCut_andItsWriterGoesOnAtTheStart() throws Exception {
    Path out = dir.resolve("daemon.out");
    try (FileOutputStream writer = new FileOutputStream(out.toFile(), true)) { // as ProcessBuilder.Redirect.appendTo
      writer.write("old line\n".getBytes(StandardCharsets.UTF_8));
      writer.flush();
      OutputRoll.Mover windows = (from, to) -> {
        throw Violation.SHARING_VIOLATION.exception(from, to, Locale.GERMAN);
      };
      assertTrue(OutputRoll.roll(out, 4, windows));
      assertEquals("old line\n", Files.readString(OutputRoll.rolled(out)));
      assertEquals(0, Files.size(out));
      writer.write("new line\n".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("new line\n", Files.readString(out), "an appending writer starts over, no hole of old length");
  }
}
