package dev.cached.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** The rolling log: rolls at the size, keeps the window, never grows past the cap. */
class LogSetupTest {
  private static final int LINE = 200;

  @TempDir Path dir;
  private final LoggerContext ctx = TestContexts.fresh();

  @AfterEach
  void stop() {
    ctx.stop();
  }

  @Test
  void rollsAtTheSizeKeepsMaxHistoryFilesAndStaysUnderTheCap() throws IOException {
    LogSetup.configure(ctx, dir, "debug", 4096, 3, false);
    Logger log = ctx.getLogger("test");
    for (int i = 0; i < 2000; i++) {
      log.debug("line {} {}", i, "x".repeat(LINE));
    }
    assertEquals(List.of("cached.1.log", "cached.2.log", "cached.3.log", "cached.log"), names());
    long total = 0;
    for (Path p : LogSetup.logFiles(dir)) {
      long size = Files.size(p);
      assertTrue(size <= 4096 + LINE + 100, p + " is " + size + " bytes: the size plus at most one line");
      total += size;
    }
    assertTrue(total <= 4 * (4096 + LINE + 100), "total " + total);
    assertTrue(Files.readString(dir.resolve("cached.log")).contains("line 1999 "), "the newest line is in cached.log");
  }

  @Test
  void noHistoryMeansOneFileStartedAfresh() throws IOException {
    LogSetup.configure(ctx, dir, "info", 4096, 0, false);
    Logger log = ctx.getLogger("test");
    for (int i = 0; i < 500; i++) {
      log.info("line {} {}", i, "x".repeat(LINE));
    }
    assertEquals(List.of("cached.log"), names());
    assertTrue(Files.size(dir.resolve("cached.log")) <= 4096 + LINE + 100);
  }

  @Test
  void windowLargerThanLogbacksTwentyIsKept() throws IOException {
    LogSetup.configure(ctx, dir, "info", 1024, 25, false);
    Logger log = ctx.getLogger("test");
    for (int i = 0; i < 400; i++) {
      log.info("line {} {}", i, "x".repeat(LINE));
    }
    assertTrue(Files.exists(dir.resolve("cached.25.log")), names().toString());
    assertFalse(Files.exists(dir.resolve("cached.26.log")));
  }

  @Test
  void levelIsHonoured() throws IOException {
    LogSetup.configure(ctx, dir, "warn", 1 << 20, 1, false);
    Logger log = ctx.getLogger("test");
    log.info("quiet info");
    log.warn("loud warning");
    String text = Files.readString(dir.resolve("cached.log"));
    assertFalse(text.contains("quiet info"), text);
    assertTrue(text.contains("WARN  [main] test - loud warning") || text.contains(" WARN  ["), text);
  }

  private List<String> names() throws IOException {
    return LogSetup.logFiles(dir).stream().map(p -> p.getFileName().toString()).sorted().toList();
  }
}
