package dev.cached.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * Decides whether a failed file-system step is worth retrying.
 *
 * <p><b>Transient</b> (another process holds the file; waiting helps), only on {@link
 * FileOp#REPLACE} and {@link FileOp#DELETE}:
 *
 * <ul>
 *   <li>Windows {@code ERROR_ACCESS_DENIED} (5), which Java reports as {@link
 *       AccessDeniedException};
 *   <li>Windows {@code ERROR_SHARING_VIOLATION} (32) and {@code ERROR_LOCK_VIOLATION} (33), which
 *       Java reports as a plain {@link FileSystemException} whose reason is the OS text ("being used
 *       by another process", "locked a portion of the file");
 *   <li>{@code EBUSY}, {@code ETXTBSY}, and {@code EPERM} (a Linux immutable target).
 * </ul>
 *
 * <p><b>Hard</b>: everything else, notably {@code ENOSPC}, {@code EROFS}, names or paths invalid or
 * too long, a parent that is not a directory, and every error on creating or writing the temp file.
 * An unknown error is hard: retrying what we do not understand for a minute helps nobody.
 *
 * <p>Concurrency: stateless.
 */
public final class ErrorClassifier {
  private static final String[] TRANSIENT_REASONS = {
    "being used by another process", // ERROR_SHARING_VIOLATION (32)
    "locked a portion of the file", // ERROR_LOCK_VIOLATION (33)
    "access is denied", // ERROR_ACCESS_DENIED (5) when surfaced as text
    "device or resource busy", // EBUSY
    "text file busy", // ETXTBSY
    "operation not permitted", // EPERM: immutable or append-only target
  };

  private ErrorClassifier() {}

  /** True when {@code error} from step {@code op} may go away by itself and is worth a retry. */
  public static boolean isTransient(FileOp op, IOException error) {
    if (op != FileOp.REPLACE && op != FileOp.DELETE) {
      return false;
    }
    if (error instanceof AccessDeniedException) {
      return true;
    }
    if (error instanceof FileSystemException) {
      String reason = ((FileSystemException) error).getReason();
      if (reason == null) {
        return false;
      }
      String r = reason.toLowerCase(Locale.ROOT);
      for (String t : TRANSIENT_REASONS) {
        if (r.contains(t)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The OS reason of an error, for messages: the {@link FileSystemException} reason, else its message. */
  public static String reason(IOException error) {
    String r = error instanceof FileSystemException ? ((FileSystemException) error).getReason() : null;
    if (r == null || r.isEmpty()) {
      r = error.getMessage();
    }
    String kind = error.getClass().getSimpleName();
    return r == null || r.isEmpty() ? kind : kind + ": " + r;
  }
}
