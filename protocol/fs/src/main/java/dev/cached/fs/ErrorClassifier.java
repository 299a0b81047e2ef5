package dev.cached.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * Decides whether a failed file-system step is worth retrying. The rules depend on the platform
 * whose errors are classified, which callers pass in ({@link FileOps#windowsErrors()}), so that the
 * Windows rules run and are tested on any host.
 *
 * <p><b>Windows</b>, by exception type and step, never by text, because the text is localized
 * ("wird von einem anderen Prozess verwendet" on a German Windows):
 *
 * <ul>
 *   <li>{@link AccessDeniedException} ({@code ERROR_ACCESS_DENIED}, 5) from {@link FileOp#REPLACE}
 *       or {@link FileOp#DELETE} is transient: another process holds the target without {@code
 *       FILE_SHARE_DELETE}. ({@link AtomicReplace} first rules out a read-only or directory target,
 *       which also reports 5 and is hard.)
 *   <li>A plain {@link FileSystemException} (that exact class, not a subclass such as {@code
 *       NoSuchFileException}) from {@link FileOp#REPLACE}, {@link FileOp#TEMP_WRITE} or {@link
 *       FileOp#DELETE} is transient: the JDK maps every Win32 error but 2, 3, 5, 80 and 183 to that
 *       class, and on these steps it is nearly always {@code ERROR_SHARING_VIOLATION} (32) or {@code
 *       ERROR_LOCK_VIOLATION} (33). The rarer hard error that also lands here (an invalid name that
 *       passed the path guard) costs the retry deadline and then fails as {@code RETRY_DEADLINE}.
 *       Disk full during the temp write is a plain {@link IOException} from the channel, so hard.
 * </ul>
 *
 * <p><b>Elsewhere</b>, only on {@link FileOp#REPLACE} and {@link FileOp#DELETE}: {@link
 * AccessDeniedException}; {@code EBUSY}, {@code ETXTBSY}, and {@code EPERM} (a Linux immutable
 * target), recognized by the C library's English text; and the English texts of 32 and 33, which
 * the sharing emulation reports on these hosts.
 *
 * <p><b>Hard</b>: everything else, notably {@code ENOSPC}, {@code EROFS}, names or paths invalid or
 * too long, a parent that is not a directory. An unknown error is hard: retrying what we do not
 * understand for a minute helps nobody.
 *
 * <p>Concurrency: stateless.
 */
public final class ErrorClassifier {
  /** True on a Windows host: what {@link RealFileOps#windowsErrors()} reports. */
  public static final boolean ON_WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  /** {@link FileOps#whyDenied}'s answer for a target with the DOS read-only attribute. */
  public static final String DENIED_READ_ONLY = "the target is read-only (its read-only attribute is set)";

  /** {@link FileOps#whyDenied}'s answer for a target that is a directory. */
  public static final String DENIED_DIRECTORY = "the target is a directory";

  private static final String[] TRANSIENT_REASONS = {
    "being used by another process", // ERROR_SHARING_VIOLATION (32), English, as emulated
    "locked a portion of the file", // ERROR_LOCK_VIOLATION (33), English, as emulated
    "access is denied", // ERROR_ACCESS_DENIED (5) when surfaced as text
    "device or resource busy", // EBUSY
    "text file busy", // ETXTBSY
    "operation not permitted", // EPERM: immutable or append-only target
  };

  private ErrorClassifier() {}

  /** {@link #isTransient(FileOp, IOException, boolean)} with this host's rules. */
  public static boolean isTransient(FileOp op, IOException error) {
    return isTransient(op, error, ON_WINDOWS);
  }

  /**
   * True when {@code error} from step {@code op} may go away by itself and is worth a retry, by the
   * rules of Windows when {@code windows}, else of POSIX systems.
   */
  public static boolean isTransient(FileOp op, IOException error, boolean windows) {
    return windows ? windowsTransient(op, error) : posixTransient(op, error);
  }

  private static boolean windowsTransient(FileOp op, IOException error) {
    if (error instanceof AccessDeniedException) {
      return op == FileOp.REPLACE || op == FileOp.DELETE;
    }
    return error.getClass() == FileSystemException.class
        && (op == FileOp.REPLACE || op == FileOp.DELETE || op == FileOp.TEMP_WRITE);
  }

  private static boolean posixTransient(FileOp op, IOException error) {
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
