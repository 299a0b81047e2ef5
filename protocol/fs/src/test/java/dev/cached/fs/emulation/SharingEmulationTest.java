package dev.cached.fs.emulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.fakes.FakeTime;
import dev.cached.fs.fakes.MemoryFileOps;
import dev.cached.fs.ErrorClassifier;
import dev.cached.fs.FileOp;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The emulation fails renames and deletes of held files the way Java on Windows does. */
class SharingEmulationTest {
  private static final Path ROOT = Path.of("/mem/root");
  private static final Path TARGET = ROOT.resolve("a.json");
  private static final Path TEMP = ROOT.resolve(".a.json.0123456789abcdef.cached-tmp");

  private final FakeTime time = new FakeTime();
  private final MemoryFileOps disk = new MemoryFileOps(ROOT);
  private final SharingEmulation fs = new SharingEmulation(disk, time);

  @Test
  void replaceOntoAHeldTargetIsAccessDeniedNamingSourceAndTarget() throws IOException {
    fs.writeNew(TARGET, new byte[] {1}, false);
    fs.writeNew(TEMP, new byte[] {2}, false);
    fs.hold(TARGET, Duration.ofSeconds(1), Violation.ACCESS_DENIED);
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> fs.replace(TEMP, TARGET));
    assertEquals(TEMP.toString(), e.getFile());
    assertEquals(TARGET.toString(), e.getOtherFile());
    assertNull(e.getReason(), "the JDK gives ERROR_ACCESS_DENIED no reason text");
    assertTrue(ErrorClassifier.isTransient(FileOp.REPLACE, e));
    assertEquals(1, disk.read(TARGET)[0], "the target is untouched");
  }

  @Test
  void deleteOfAHeldFileIsASharingViolationWithTheWindowsText() throws IOException {
    fs.writeNew(TARGET, new byte[] {1}, false);
    fs.hold(TARGET, Duration.ofSeconds(1), Violation.SHARING_VIOLATION);
    FileSystemException e = assertThrows(FileSystemException.class, () -> fs.delete(TARGET));
    assertFalse(e instanceof AccessDeniedException);
    assertEquals("The process cannot access the file because it is being used by another process.", e.getReason());
    assertEquals(TARGET.toString(), e.getFile());
    assertTrue(ErrorClassifier.isTransient(FileOp.DELETE, e));
  }

  @Test
  void aHeldSourceBlocksTheRenameToo() throws IOException {
    fs.writeNew(TEMP, new byte[] {2}, false);
    fs.hold(TEMP, Duration.ofSeconds(1), Violation.LOCK_VIOLATION);
    FileSystemException e = assertThrows(FileSystemException.class, () -> fs.replace(TEMP, TARGET));
    assertTrue(e.getReason().contains("locked a portion of the file"), e.getReason());
  }

  @Test
  void holdEndsWithTheTickerOrOnRelease() throws IOException {
    fs.writeNew(TARGET, new byte[] {1}, false);
    fs.hold(TARGET, Duration.ofMillis(100), Violation.ACCESS_DENIED);
    time.advance(Duration.ofMillis(99));
    assertTrue(fs.isHeld(TARGET));
    assertEquals(List.of(TARGET), fs.held());
    time.advance(Duration.ofMillis(1));
    assertFalse(fs.isHeld(TARGET));
    assertEquals(List.of(), fs.held());
    fs.hold(TARGET, Duration.ofHours(1), Violation.ACCESS_DENIED);
    fs.release(TARGET);
    assertTrue(fs.delete(TARGET));
  }

  @Test
  void aShorterHoldDoesNotCutALongerOne() {
    fs.hold(TARGET, Duration.ofSeconds(10), Violation.ACCESS_DENIED);
    fs.hold(TARGET, Duration.ofSeconds(1), Violation.SHARING_VIOLATION);
    time.advance(Duration.ofSeconds(5));
    assertTrue(fs.isHeld(TARGET));
  }

  @Test
  void scheduleThrowFailsExactlyCallNumberN() throws IOException {
    IOException boom = new IOException("boom");
    fs.scheduleThrow(Call.WRITE_NEW, 2, boom);
    fs.writeNew(ROOT.resolve("1"), new byte[0], false);
    assertSame(boom, assertThrows(IOException.class, () -> fs.writeNew(ROOT.resolve("2"), new byte[0], false)));
    fs.writeNew(ROOT.resolve("3"), new byte[0], false);
    assertNull(disk.read(ROOT.resolve("2")), "the failed call never reached the disk");
    assertEquals(3, fs.calls(Call.WRITE_NEW));
    assertThrows(IllegalArgumentException.class, () -> fs.scheduleThrow(Call.WRITE_NEW, 3, boom), "a call in the past");
  }

  @Test
  void failWhileFailsMatchingCallsUntilLifted() throws IOException {
    Runnable lift = fs.failWhile(Call.DELETE, p -> p.startsWith(ROOT.resolve("d")), () -> new IOException("EIO"));
    assertThrows(IOException.class, () -> fs.delete(ROOT.resolve("d/x")));
    assertFalse(fs.delete(ROOT.resolve("e")));
    lift.run();
    assertFalse(fs.delete(ROOT.resolve("d/x")));
  }

  @Test
  void strictAboutTempsLeftBehind() throws IOException {
    fs.writeNew(TEMP, new byte[] {1}, false);
    Path other = ROOT.resolve(".b.fedcba9876543210.cached-tmp");
    fs.writeNew(other, new byte[] {1}, false);
    fs.writeNew(ROOT.resolve("not-a-temp"), new byte[] {1}, false);
    assertEquals(List.of(TEMP, other), fs.leakedTemps());
    fs.replace(TEMP, TARGET);
    fs.delete(other);
    assertEquals(List.of(), fs.leakedTemps());
  }

  @Test
  void randomScannerHoldsItsShareOfTargetsOncePerTemp() throws IOException {
    fs.scanner(new RandomScanner(1.0, Duration.ofMillis(50), 1));
    fs.writeNew(TEMP, new byte[] {1}, false);
    assertThrows(FileSystemException.class, () -> fs.replace(TEMP, TARGET));
    time.advance(Duration.ofMillis(50));
    fs.replace(TEMP, TARGET); // the retry of the same temp is not held again
    assertEquals(1, disk.read(TARGET)[0]);
  }

  @Test
  void randomScannerWithShareZeroNeverHolds() throws IOException {
    fs.scanner(new RandomScanner(0.0, Duration.ofSeconds(50), 1));
    for (int i = 0; i < 100; i++) {
      Path t = ROOT.resolve("." + i + ".0123456789abcdef.cached-tmp");
      fs.writeNew(t, new byte[] {1}, false);
      fs.replace(t, TARGET);
    }
    assertEquals(List.of(), fs.held());
  }

  @Test
  void randomScannerHoldsAboutItsShare() throws IOException {
    fs.scanner(new RandomScanner(0.3, Duration.ofSeconds(50), 7));
    int held = 0;
    for (int i = 0; i < 1000; i++) {
      Path t = ROOT.resolve("." + i + ".0123456789abcdef.cached-tmp");
      Path target = ROOT.resolve("t" + i);
      fs.writeNew(t, new byte[] {1}, false);
      try {
        fs.replace(t, target);
      } catch (FileSystemException e) {
        held++;
      }
    }
    assertTrue(held > 230 && held < 370, "held " + held + " of 1000 at share 0.3");
  }
}
