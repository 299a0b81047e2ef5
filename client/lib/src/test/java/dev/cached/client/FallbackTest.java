package dev.cached.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.fakes.NoTempLeft;
import dev.cached.protocol.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** No daemon answers: writes go in-process (or are dropped), reported once, never thrown. */
@Timeout(30)
class FallbackTest {
  @RegisterExtension final NoTempLeft noTempLeft = new NoTempLeft();
  @TempDir Path dir;

  private CacheWriter open(Path root, Map<String, String> env) {
    return CacheWriter.open(CacheWriter.options().socket(dir.resolve("none/s.sock")).root(root)
        .reconnectInterval(Duration.ofDays(1)).env(env));
  }

  @Test
  void inline_writesReplacesAndDeletesAtomicallyAndWarnsOnce() throws Exception {
    Path root = noTempLeft.watch(dir.resolve("root"));
    try (LogCapture log = new LogCapture(); CacheWriter w = open(root, Map.of())) {
      assertFalse(w.connected());
      for (int i = 0; i < 200; i++) {
        w.write("d/" + (i % 10) + ".json", ("v" + i).getBytes());
      }
      Files.writeString(root.resolve("d/.mine.tmp"), "handed over");
      w.replace("d/.mine.tmp", "d/mine.json");
      w.write("gone.json", new byte[1]);
      w.delete("gone.json");
      FlushResult r = w.flush();
      assertEquals(new FlushResult(203, List.of()), r);
      for (int i = 190; i < 200; i++) {
        assertArrayEquals(("v" + i).getBytes(), Files.readAllBytes(root.resolve("d/" + (i % 10) + ".json")));
      }
      assertEquals("handed over", Files.readString(root.resolve("d/mine.json")));
      assertFalse(Files.exists(root.resolve("d/.mine.tmp")));
      assertFalse(Files.exists(root.resolve("gone.json")));
      List<String> warnings = log.at(Level.WARNING);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("running without the daemon") && warnings.get(0).contains("in-process"), warnings.get(0));
      assertTrue(warnings.get(0).contains("autostart is off"), warnings.get(0));
    }
  }

  @Test
  void inline_keepsTheRootConfinementAndReportsOnFlush() throws Exception {
    Path root = dir.resolve("root");
    Files.createDirectories(root);
    Files.createDirectories(dir.resolve("elsewhere"));
    Files.createSymbolicLink(root.resolve("link"), dir.resolve("elsewhere"));
    try (CacheWriter w = open(root, Map.of())) {
      w.write("../escape.json", new byte[1]);
      w.write(dir.resolve("abs.json").toString(), new byte[1]);
      w.write("link/x.json", new byte[1]);
      w.write("", new byte[1]);
      w.replace("other/.t", "d/x.json");
      FlushResult r = w.flush();
      assertEquals(5, r.done());
      assertEquals(List.of(ErrorCode.OUTSIDE_ROOT, ErrorCode.OUTSIDE_ROOT, ErrorCode.OUTSIDE_ROOT, ErrorCode.BAD_PATH, ErrorCode.BAD_PATH),
          r.failed().stream().map(Failure::code).toList(), r.failed().toString());
      assertFalse(Files.exists(dir.resolve("escape.json")));
      assertFalse(Files.exists(dir.resolve("abs.json")));
      assertFalse(Files.exists(dir.resolve("elsewhere/x.json")));
    }
  }

  @Test
  void skip_dropsWritesAndSaysSoOnce() throws Exception {
    Path root = dir.resolve("root");
    try (LogCapture log = new LogCapture(); CacheWriter w = open(root, Map.of("CACHED_FALLBACK", "skip"))) {
      for (int i = 0; i < 50; i++) {
        w.write("a.json", new byte[] {1});
      }
      assertEquals(new FlushResult(50, List.of()), w.flush());
      assertFalse(Files.exists(root.resolve("a.json")));
      List<String> warnings = log.at(Level.WARNING);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("dropped"), warnings.get(0));
    }
  }

  @Test
  void autostartThatFails_fallsBackWithTheReason() throws Exception {
    Path root = dir.resolve("root");
    try (LogCapture log = new LogCapture();
        CacheWriter w = open(root, Map.of("CACHED_AUTOSTART", "1", "CACHED_DAEMON_CMD", "[\"false\"]",
            "PATH", System.getenv("PATH")))) {
      assertFalse(w.connected());
      w.write("a.json", new byte[] {7});
      assertTrue(w.flush().ok());
      assertArrayEquals(new byte[] {7}, Files.readAllBytes(root.resolve("a.json")));
      List<String> warnings = log.at(Level.WARNING);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("exited with code 1"), warnings.get(0));
    }
  }

  @Test
  void closedWriter_refusesFurtherWrites() {
    CacheWriter w = open(dir.resolve("root"), Map.of());
    w.close();
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> w.write("a", new byte[0]));
  }
}
