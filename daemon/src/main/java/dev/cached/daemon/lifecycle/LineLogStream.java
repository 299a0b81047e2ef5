package dev.cached.daemon.lifecycle;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * An output stream that sends each line to a logger: what a background daemon's code prints to
 * {@code System.out} or {@code System.err} lands in the size-capped log, not in an unbounded file.
 * Lines longer than 8 KiB are cut into pieces. A line printed while this stream is already logging
 * on the same thread (the logging backend complaining on the console) goes to {@code fallback}.
 *
 * <p>Concurrency: {@code write} and {@code flush} are synchronized; lines from two threads are not
 * interleaved within a line.
 */
final class LineLogStream extends OutputStream {
  private static final int MAX_LINE = 8192;
  private static final ThreadLocal<Boolean> LOGGING = ThreadLocal.withInitial(() -> false);

  private final Logger log;
  private final boolean warn;
  private final PrintStream fallback;
  @GuardedBy("this")
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LineLogStream(Logger log, boolean warn, PrintStream fallback) {
    this.log = log;
    this.warn = warn;
    this.fallback = fallback;
  }

  @Override
  public synchronized void write(int b) {
    if (LOGGING.get()) {
      fallback.write(b);
      return;
    }
    if (b == '\n') {
      emit();
    } else {
      line.write(b);
      if (line.size() >= MAX_LINE) {
        emit();
      }
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public synchronized void flush() {
    // a partial line waits for its end: flushing it would split one line into two log events
  }

  @Override
  public synchronized void close() {
    emit();
  }

  @GuardedBy("this")
  private void emit() {
    String s = line.toString(StandardCharsets.UTF_8).stripTrailing();
    line.reset();
    if (s.isEmpty()) {
      return;
    }
    LOGGING.set(true);
    try {
      if (warn) {
        log.warn("{}", s);
      } else {
        log.info("{}", s);
      }
    } finally {
      LOGGING.set(false);
    }
  }
}
