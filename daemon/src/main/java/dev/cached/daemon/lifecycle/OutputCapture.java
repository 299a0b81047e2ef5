package dev.cached.daemon.lifecycle;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * Routes a background daemon's {@code System.out} and {@code System.err} into the rolling log
 * (loggers {@code stdout} at INFO and {@code stderr} at WARN), so everything the daemon's Java code
 * prints is capped with the log. What the JVM itself writes to the file descriptors (a crash report
 * notice, an out-of-memory line) still goes to {@code daemon.out}, which {@code cached start} rolls
 * over at 1 MiB before each start.
 */
public final class OutputCapture {
  private OutputCapture() {}

  /** Replaces {@code System.out} and {@code System.err}; call after the log is set up. */
  public static void install() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    System.setOut(new PrintStream(new LineLogStream(LoggerFactory.getLogger("stdout"), false, out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new LineLogStream(LoggerFactory.getLogger("stderr"), true, err), true, StandardCharsets.UTF_8));
  }
}
