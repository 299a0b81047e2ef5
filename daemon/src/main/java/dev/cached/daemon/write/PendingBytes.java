package dev.cached.daemon.write;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Payload bytes accepted and not yet final, against the {@code maxPendingBytes} cap. Crossing the
 * cap pauses reading from every socket (the server's listener); falling below half of it resumes.
 * Backpressure, not errors: a sender is slowed, nothing is refused.
 *
 * <p>Concurrency: an atomic counter; the paused flag flips under the instance monitor so the
 * listener sees pause and resume in order.
 */
public final class PendingBytes {
  /**
   * What an op costs besides its payload (the op, its path, its future, its lane entry), charged
   * against the cap so that a flood of empty writes is bounded like a flood of large ones.
   */
  static final long OP_OVERHEAD = 512;

  /** Told when reading must pause or may resume. */
  public interface Listener {
    void paused(boolean paused);
  }

  private final long high;
  private final long low;
  private final AtomicLong bytes = new AtomicLong();
  private volatile Listener listener = p -> {};
  @GuardedBy("this")
  private boolean paused;

  public PendingBytes(long max) {
    this.high = max;
    this.low = max / 2;
  }

  public void listener(Listener l) {
    this.listener = l;
  }

  void add(long n) {
    long now = bytes.addAndGet(n);
    if (now > high) {
      flip(true);
    }
  }

  void remove(long n) {
    long now = bytes.addAndGet(-n);
    if (now < low) {
      flip(false);
    }
  }

  private void flip(boolean pause) {
    synchronized (this) {
      if (paused == pause) {
        return;
      }
      paused = pause;
      listener.paused(pause);
    }
  }

  public long bytes() {
    return bytes.get();
  }

  public synchronized boolean paused() {
    return paused;
  }
}
