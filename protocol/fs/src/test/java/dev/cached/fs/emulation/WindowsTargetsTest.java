package dev.cached.fs.emulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.AtomicReplace;
import dev.cached.fs.FileStepException;
import dev.cached.fs.FsyncPolicy;
import dev.cached.fs.InlineWriter;
import dev.cached.fs.RetryPolicy;
import dev.cached.fs.fakes.FakeTime;
import dev.cached.fs.fakes.MemoryFileOps;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Windows errors through {@link AtomicReplace} and {@link InlineWriter}, emulated: localized
 * sharing violations are retried (issue 17, point 1), while a read-only or directory target, which
 * Windows refuses with the same access denied as a held file, fails at once and says which (point 5).
 */
class WindowsTargetsTest {
  private static final Path ROOT = Path.of("/mem/root");
  private static final Path TARGET = ROOT.resolve("a.json");

  private final FakeTime time = new FakeTime();
  private final MemoryFileOps disk = new MemoryFileOps(ROOT);
  private final SharingEmulation fs = new SharingEmulation(disk, time).windows(Locale.GERMAN);

  @Test
  void germanSharingViolationOnReplace_isRetryable_andLeavesTheTargetAlone() throws IOException {
    fs.writeNew(TARGET, new byte[] {1}, false);
    fs.hold(TARGET, Duration.ofSeconds(1), Violation.SHARING_VIOLATION);
    Path temp = AtomicReplace.prepare(fs, TARGET, new byte[] {2}, null, FsyncPolicy.NONE);
    FileStepException e = assertThrows(FileStepException.class, () -> AtomicReplace.commit(fs, temp, TARGET, FsyncPolicy.NONE));
    assertTrue(e.retryable(), e.getMessage());
    assertTrue(e.getMessage().contains("von einem anderen Prozess verwendet"), e.getMessage());
    assertArrayEquals(new byte[] {1}, disk.read(TARGET));
  }

  @Test
  void readOnlyTarget_failsAtOnce_sayingSo() throws IOException {
    fs.writeNew(TARGET, new byte[] {1}, false);
    fs.readOnly(TARGET);
    Path temp = AtomicReplace.prepare(fs, TARGET, new byte[] {2}, null, FsyncPolicy.NONE);
    FileStepException e = assertThrows(FileStepException.class, () -> AtomicReplace.commit(fs, temp, TARGET, FsyncPolicy.NONE));
    assertFalse(e.retryable(), e.getMessage());
    assertTrue(e.getCause() instanceof AccessDeniedException, "what Windows reports: " + e.getCause());
    assertEquals("replace " + TARGET + ": AccessDeniedException (the target is read-only (its read-only attribute is set))",
        e.getMessage());
    FileStepException d = assertThrows(FileStepException.class, () -> AtomicReplace.delete(fs, TARGET));
    assertFalse(d.retryable(), d.getMessage());
    assertTrue(d.getMessage().startsWith("delete " + TARGET) && d.getMessage().contains("read-only"), d.getMessage());
  }

  @Test
  void directoryTarget_failsAtOnce_sayingSo() throws IOException {
    disk.createDirectories(TARGET);
    Path temp = AtomicReplace.prepare(fs, TARGET, new byte[] {2}, null, FsyncPolicy.NONE);
    FileStepException e = assertThrows(FileStepException.class, () -> AtomicReplace.commit(fs, temp, TARGET, FsyncPolicy.NONE));
    assertFalse(e.retryable(), e.getMessage());
    assertTrue(e.getMessage().endsWith("(the target is a directory)"), e.getMessage());
    assertTrue(AtomicReplace.discard(fs, temp) == null);
    assertEquals(List.of(), fs.leakedTemps());
  }

  @Test
  void accessDeniedOnAPlainHeldFile_staysRetryable() throws IOException {
    fs.writeNew(TARGET, new byte[] {1}, false);
    fs.hold(TARGET, Duration.ofSeconds(1), Violation.ACCESS_DENIED);
    FileStepException e = assertThrows(FileStepException.class, () -> AtomicReplace.delete(fs, TARGET));
    assertTrue(e.retryable(), e.getMessage());
  }

  @Test
  void inlineWriter_retriesFrenchAndSpanishViolations_onTheTempWriteAndTheReplace() throws Exception {
    SharingEmulation french = new SharingEmulation(disk, time).windows(Locale.FRENCH);
    french.scheduleThrow(Call.WRITE_NEW, 1,
        Violation.SHARING_VIOLATION.exception(ROOT.resolve(".tmp"), null, Locale.FRENCH));
    french.scheduleThrow(Call.REPLACE, 1,
        Violation.LOCK_VIOLATION.exception(ROOT.resolve(".tmp"), TARGET, Locale.forLanguageTag("es")));
    RetryPolicy quick = new RetryPolicy(Duration.ofNanos(1000), 1.0, Duration.ofNanos(1000), Duration.ofSeconds(30));
    new InlineWriter(french, quick, FsyncPolicy.NONE, time).write(TARGET, new byte[] {7}, null);
    assertArrayEquals(new byte[] {7}, disk.read(TARGET));
    assertEquals(2, french.calls(Call.WRITE_NEW));
    assertEquals(2, french.calls(Call.REPLACE));
    assertEquals(List.of(), disk.temps());
  }

  @Test
  void unknownLanguage_isRefusedWhenSet() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SharingEmulation(disk, time).windows(Locale.JAPANESE));
    assertTrue(e.getMessage().startsWith("language : ja (expected: one of"), e.getMessage());
  }
}
