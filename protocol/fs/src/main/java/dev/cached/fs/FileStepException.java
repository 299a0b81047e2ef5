package dev.cached.fs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A failed file-system step, with the step, the path it touched and whether a retry may help.
 * The message reads {@code replace /root/a.json: FileSystemException: Operation not permitted}.
 */
public final class FileStepException extends IOException {
  private static final long serialVersionUID = 1L;

  private final FileOp op;
  private final transient Path path;
  private final boolean retryable;

  /** A failure classified by this host's rules. */
  public FileStepException(FileOp op, Path path, IOException cause) {
    this(op, path, cause, ErrorClassifier.ON_WINDOWS);
  }

  /** A failure classified by the rules of Windows when {@code windows}, else of POSIX systems. */
  public FileStepException(FileOp op, Path path, IOException cause, boolean windows) {
    super(op.label() + " " + path + ": " + ErrorClassifier.reason(cause), cause);
    this.op = op;
    this.path = path;
    this.retryable = ErrorClassifier.isTransient(op, cause, windows);
  }

  /**
   * A hard failure whose OS error ({@code cause}) does not tell its reason, with the reason found:
   * {@code replace C:\r\a.json: AccessDeniedException (the target is read-only)}.
   */
  FileStepException(FileOp op, Path path, IOException cause, String why) {
    super(op.label() + " " + path + ": " + cause.getClass().getSimpleName() + " (" + why + ")", cause);
    this.op = op;
    this.path = path;
    this.retryable = false;
  }

  public FileOp op() {
    return op;
  }

  public Path path() {
    return path;
  }

  /** True when the classifier calls the cause transient. */
  public boolean retryable() {
    return retryable;
  }

  /** The OS-level reason, without the step and path. */
  public String reason() {
    return ErrorClassifier.reason((IOException) getCause());
  }
}
