package dev.cached.fs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.emulation.Violation;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The Windows rules of {@link ErrorClassifier}, on any host. Regression for issue 17, point 1: the
 * classifier matched English texts only, so on a German, French or Spanish Windows a sharing or
 * lock violation (32, 33) was a hard error, and three in a row opened the directory's breaker.
 */
class WindowsClassifierTest {
  private static final Path TEMP = Path.of("r", ".a.json.0123456789abcdef.cached-tmp");
  private static final Path TARGET = Path.of("r", "a.json");

  @ParameterizedTest
  @ValueSource(strings = {"de", "fr", "es", "en"})
  void sharingAndLockViolations_inAnyLanguage_areTransientOnReplaceTempWriteAndDelete(String language) {
    Locale l = Locale.forLanguageTag(language);
    for (Violation v : new Violation[] {Violation.SHARING_VIOLATION, Violation.LOCK_VIOLATION}) {
      FileSystemException e = v.exception(TEMP, TARGET, l);
      assertTrue(ErrorClassifier.isTransient(FileOp.REPLACE, e, true), v + " " + e.getReason());
      assertTrue(ErrorClassifier.isTransient(FileOp.TEMP_WRITE, e, true), v + " " + e.getReason());
      assertTrue(ErrorClassifier.isTransient(FileOp.DELETE, e, true), v + " " + e.getReason());
      assertFalse(ErrorClassifier.isTransient(FileOp.MKDIR, e, true), v + " " + e.getReason());
      assertFalse(ErrorClassifier.isTransient(FileOp.FSYNC, e, true), v + " " + e.getReason());
    }
  }

  @Test
  void localizedTexts_underPosixRules_areHard_whichIsWhyTheRulesAreChosenByPlatform() {
    FileSystemException german = Violation.SHARING_VIOLATION.exception(TEMP, TARGET, Locale.GERMAN);
    assertFalse(ErrorClassifier.isTransient(FileOp.REPLACE, german, false));
  }

  @Test
  void accessDenied_isTransientOnReplaceAndDelete_butHardOnTheTempWrite() {
    AccessDeniedException e = new AccessDeniedException(TEMP.toString(), TARGET.toString(), null);
    assertTrue(ErrorClassifier.isTransient(FileOp.REPLACE, e, true));
    assertTrue(ErrorClassifier.isTransient(FileOp.DELETE, e, true));
    assertFalse(ErrorClassifier.isTransient(FileOp.TEMP_WRITE, e, true), "a directory we may not write to");
  }

  @Test
  void theSpecificSubclasses_andPlainIoErrors_areHard() {
    IOException[] hard = {
      new NoSuchFileException(TARGET.toString()),
      new FileAlreadyExistsException(TEMP.toString()),
      new DirectoryNotEmptyException(TARGET.toString()),
      new IOException("Es steht nicht genug Speicherplatz auf dem Datentr\u00e4ger zur Verf\u00fcgung."),
    };
    for (IOException e : hard) {
      for (FileOp op : FileOp.values()) {
        assertFalse(ErrorClassifier.isTransient(op, e, true), op.label() + " " + e);
      }
    }
  }

  @Test
  void theHostRules_areTheWindowsRules_exactlyOnWindows() {
    boolean windows = System.getProperty("os.name").startsWith("Windows");
    FileSystemException e = Violation.SHARING_VIOLATION.exception(TEMP, TARGET, Locale.FRENCH);
    assertTrue(windows == ErrorClassifier.ON_WINDOWS);
    assertTrue(ErrorClassifier.isTransient(FileOp.TEMP_WRITE, e) == windows);
  }
}
