package dev.cached.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** Transient versus hard, per step, for each error cached knows of. Texts are what the JDK reports. */
class ErrorClassifierTest {
  private static FileSystemException os(String reason) {
    return new FileSystemException("/c/a.json", null, reason);
  }

  @Test
  void accessDeniedOnReplaceOrDeleteIsTransient() {
    AccessDeniedException e = new AccessDeniedException("/c/.a.tmp", "/c/a.json", null);
    assertTrue(ErrorClassifier.isTransient(FileOp.REPLACE, e));
    assertTrue(ErrorClassifier.isTransient(FileOp.DELETE, e));
  }

  @Test
  void accessDeniedOnTheTempWriteIsHard() {
    AccessDeniedException e = new AccessDeniedException("/c/.a.tmp");
    assertFalse(ErrorClassifier.isTransient(FileOp.TEMP_WRITE, e));
    assertFalse(ErrorClassifier.isTransient(FileOp.MKDIR, e));
    assertFalse(ErrorClassifier.isTransient(FileOp.FSYNC, e));
  }

  @Test
  void windowsSharingAndLockViolationTextsAreTransient() {
    assertTrue(ErrorClassifier.isTransient(FileOp.REPLACE,
        os("The process cannot access the file because it is being used by another process.")));
    assertTrue(ErrorClassifier.isTransient(FileOp.DELETE,
        os("The process cannot access the file because another process has locked a portion of the file.")));
    assertTrue(ErrorClassifier.isTransient(FileOp.REPLACE, os("Access is denied.")));
  }

  @Test
  void busyAndImmutableOnReplaceAreTransient() {
    assertTrue(ErrorClassifier.isTransient(FileOp.REPLACE, os("Device or resource busy")));
    assertTrue(ErrorClassifier.isTransient(FileOp.REPLACE, os("Text file busy")));
    assertTrue(ErrorClassifier.isTransient(FileOp.REPLACE, os("Operation not permitted")));
  }

  @Test
  void sameTextsOnTheTempWriteAreHard() {
    assertFalse(ErrorClassifier.isTransient(FileOp.TEMP_WRITE, os("Operation not permitted")));
    assertFalse(ErrorClassifier.isTransient(FileOp.TEMP_WRITE,
        os("The process cannot access the file because it is being used by another process.")));
  }

  @Test
  void diskFullReadOnlyNameTooLongAndNotADirectoryAreHard() {
    for (FileOp op : FileOp.values()) {
      assertFalse(ErrorClassifier.isTransient(op, new IOException("No space left on device")), op.label());
      assertFalse(ErrorClassifier.isTransient(op, os("No space left on device")), op.label());
      assertFalse(ErrorClassifier.isTransient(op, os("Read-only file system")), op.label());
      assertFalse(ErrorClassifier.isTransient(op, os("File name too long")), op.label());
      assertFalse(ErrorClassifier.isTransient(op, os("Not a directory")), op.label());
      assertFalse(ErrorClassifier.isTransient(op, os("The filename, directory name, or volume label syntax is incorrect.")), op.label());
    }
  }

  @Test
  void unknownErrorsAreHard() {
    assertFalse(ErrorClassifier.isTransient(FileOp.REPLACE, os("Input/output error")));
    assertFalse(ErrorClassifier.isTransient(FileOp.REPLACE, os(null)));
    assertFalse(ErrorClassifier.isTransient(FileOp.REPLACE, new IOException("something odd")));
    assertFalse(ErrorClassifier.isTransient(FileOp.REPLACE, new NoSuchFileException("/c/.a.tmp")));
  }

  @Test
  void reasonNamesTheExceptionAndTheOsText() {
    assertEquals("FileSystemException: Read-only file system", ErrorClassifier.reason(os("Read-only file system")));
    assertEquals("AccessDeniedException: /c/a.json", ErrorClassifier.reason(new AccessDeniedException("/c/a.json")));
    assertEquals("IOException", ErrorClassifier.reason(new IOException()));
  }
}
