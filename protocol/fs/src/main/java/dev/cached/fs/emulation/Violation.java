package dev.cached.fs.emulation;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * How Java on Windows reports a rename or delete of a file that another process holds open without
 * {@code FILE_SHARE_DELETE}. The JDK turns {@code ERROR_ACCESS_DENIED} into an {@link
 * AccessDeniedException} with no reason, and every other Win32 error into a plain {@link
 * FileSystemException} whose reason is the system's message text; for a move, {@code file} is the
 * source and {@code other} the target.
 */
public enum Violation {
  /** {@code ERROR_ACCESS_DENIED} (5): what {@code MoveFileEx} onto a held target usually reports. */
  ACCESS_DENIED(null),
  /** {@code ERROR_SHARING_VIOLATION} (32): what {@code DeleteFile} of a held file usually reports. */
  SHARING_VIOLATION("The process cannot access the file because it is being used by another process."),
  /** {@code ERROR_LOCK_VIOLATION} (33): a byte-range lock on the file. */
  LOCK_VIOLATION("The process cannot access the file because another process has locked a portion of the file.");

  private final String text;

  Violation(String text) {
    this.text = text;
  }

  /** The exception Java on Windows throws for this error on {@code file} (and {@code other}, for a move). */
  public FileSystemException exception(Path file, Path other) {
    String f = file.toString();
    String o = other == null ? null : other.toString();
    return this == ACCESS_DENIED ? new AccessDeniedException(f, o, null) : new FileSystemException(f, o, text);
  }
}
