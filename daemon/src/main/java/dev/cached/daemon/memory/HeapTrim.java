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
 * runs with generous free ratios for bursts; this collection uses tight ones, see {@link #IDLE_MAX_FREE}).
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
    String[] burst = freeRatios();
    setFreeRatios(IDLE_MIN_FREE, IDLE_MAX_FREE); // shrink hard now: nothing is queued
    try {
      System.gc(); // deliberate: the queue is empty, so this pause delays nobody
    } finally {
      if (burst != null) {
        setFreeRatios(burst[0], burst[1]); // the next burst grows the heap generously again
      }
    }
    LOG.debug("heap trim after a burst: committed heap {} -> {} KiB", before / 1024, rt.totalMemory() / 1024);
  }

  /**
   * The free ratios of an idle collection. The daemon runs with generous ones ({@code
   * MinHeapFreeRatio=40}, {@code MaxHeapFreeRatio=70}, see {@code daemon.jvmopts}) so that a
   * burst, whose queued ops live until written, is not collected fully every few thousand writes;
   * the trim's own collection uses tight ones, so the idle heap shrinks as far as with 10-30.
   */
  static final String IDLE_MIN_FREE = "10";
  static final String IDLE_MAX_FREE = "30";

  /** {@code MinHeapFreeRatio} and {@code MaxHeapFreeRatio} now, or null where they cannot be read. */
  static String[] freeRatios() {
    try {
      com.sun.management.HotSpotDiagnosticMXBean hs =
          java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      return new String[] {hs.getVMOption("MinHeapFreeRatio").getValue(), hs.getVMOption("MaxHeapFreeRatio").getValue()};
    } catch (RuntimeException e) {
      return null; // not HotSpot: the trim collects with whatever ratios there are
    }
  }

  /**
   * Sets both ratios (manageable flags), in the order that keeps min at most max throughout;
   * does nothing where they cannot be set.
   */
  static void setFreeRatios(String min, String max) {
    try {
      com.sun.management.HotSpotDiagnosticMXBean hs =
          java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      if (Integer.parseInt(min) < Integer.parseInt(hs.getVMOption("MinHeapFreeRatio").getValue())) {
        hs.setVMOption("MinHeapFreeRatio", min);
        hs.setVMOption("MaxHeapFreeRatio", max);
      } else {
        hs.setVMOption("MaxHeapFreeRatio", max);
        hs.setVMOption("MinHeapFreeRatio", min);
      }
    } catch (RuntimeException e) {
      LOG.debug("heap trim: free ratios not settable ({})", e.toString());
    }
  }
}
