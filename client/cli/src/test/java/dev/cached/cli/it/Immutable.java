package dev.cached.cli.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Holds a target with {@code chattr +i}: a replace onto it fails with {@code EPERM}, which the daemon
 * retries, until {@link #release} or {@link #close} clears the flag. The one chattr wrapper of the
 * tests. Needs root ({@code CAP_LINUX_IMMUTABLE}) and a file system with the flag; a test that needs
 * it is skipped where either is missing.
 */
public final class Immutable implements AutoCloseable {
  private final Path file;

  private Immutable(Path file) {
    this.file = file;
  }

  /** Sets the flag on an existing file, or aborts the calling test (an assumption) if it cannot. */
  public static Immutable hold(Path file) throws IOException, InterruptedException {
    Root.assume("chattr +i");
    Assumptions.assumeTrue(chattr("+i", file) == 0, "chattr +i is not available here (needs CAP_LINUX_IMMUTABLE)");
    return new Immutable(file);
  }

  @Override
  public void close() throws IOException {
    release();
  }

  /** Clears the flag (again, if need be): the next retry of a replace onto the file succeeds. */
  public void release() throws IOException {
    try {
      if (chattr("-i", file) != 0) {
        throw new IOException("chattr -i " + file + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while clearing the immutable flag of " + file, e);
    }
  }

  private static int chattr(String flag, Path file) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return -1; // no chattr
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
