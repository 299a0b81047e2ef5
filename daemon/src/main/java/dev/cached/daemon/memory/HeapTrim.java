package dev.cached.daemon.memory;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives memory back after a burst. Payloads stay off the heap (see {@code Payload}), but a burst
 * still grows the heap with the garbage of decoding its headers and answering them (and a young
 * generation sized for that rate); a developer machine should not keep that memory while the
 * daemon idles. When the queue is empty and at least {@code threshold} payload bytes were
 * accepted since the last trim, one full collection lets the collector shrink the heap (the daemon
 * runs with {@code MaxHeapFreeRatio=70}: the heap shrinks until at most 70% of it is free).
 *
 * <p>Concurrency: {@link #run()} is called by the one {@code cached-timer} thread.
 */
public final class HeapTrim implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(HeapTrim.class);

  private final BooleanSupplier idle;
  private final LongSupplier acceptedBytes;
  private final long threshold;
  private long lastTrimAt;

  public HeapTrim(BooleanSupplier idle, LongSupplier acceptedBytes, long threshold) {
    this.idle = idle;
    this.acceptedBytes = acceptedBytes;
    this.threshold = threshold;
  }

  /** True when a trim is due: idle, and enough accepted since the last one. */
  boolean due() {
    return idle.getAsBoolean() && acceptedBytes.getAsLong() - lastTrimAt >= threshold;
  }

  @Override
  public void run() {
    if (!due()) {
      return;
    }
    lastTrimAt = acceptedBytes.getAsLong();
    Runtime rt = Runtime.getRuntime();
    long before = rt.totalMemory();
    System.gc(); // deliberate: the queue is empty, so this pause delays nobody
    LOG.debug("heap trim after a burst: committed heap {} -> {} KiB", before / 1024, rt.totalMemory() / 1024);
  }
}
