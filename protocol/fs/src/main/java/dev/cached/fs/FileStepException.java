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

  public FileStepException(FileOp op, Path path, IOException cause) {
    super(op.label() + " " + path + ": " + ErrorClassifier.reason(cause), cause);
    this.op = op;
    this.path = path;
    this.retryable = ErrorClassifier.isTransient(op, cause);
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
