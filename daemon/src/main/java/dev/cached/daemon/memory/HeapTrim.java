package dev.cached.daemon.memory;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives memory back once the daemon has been quiet for a while. Payloads stay off the heap (see
 * {@code Payload}), but a burst still grows the heap with the garbage of decoding its headers and
 * answering them (and a young generation sized for that rate), and leaves the payload chunks it
 * freed in the C heap; a developer machine should not keep that memory while the daemon idles.
 *
 * <p>When nothing is queued and no payload byte was accepted for {@code quiet}, and anything was
 * accepted since the last trim (or it is the first quiet moment since the start), the trim runs
 * (and, for writes that keep coming less than {@code quiet} apart, at a moment when nothing is
 * queued once {@code maxGap} has passed since the last trim, so memory never stays for good):
 * one full collection with tight free ratios (see {@link #IDLE_MAX_FREE}) when at least {@code
 * gcThreshold} bytes were accepted since the last one (and at the first trim), then the native
 * trim ({@code malloc_trim}, see {@link NativeTrim}), which gives the freed payload chunks and the
 * compilers' arenas back. Each native trim is one line in the log, with what the JVM reported.
 *
 * <p>Why wait: bursts close together reuse the chunks the last one freed. Trimming every 2 s (the
 * JVM's {@code -XX:TrimNativeHeapInterval}, which the launchers used until session 11) gave them
 * back between the bursts of one analyzer run, and the next burst paid a page fault for almost
 * every 4 KiB it received, on the socket thread.
 *
 * <p>Concurrency: {@link #run()} is called by the one {@code cached-timer} thread.
 */
public final class HeapTrim implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(HeapTrim.class);

  /** How long the daemon must be quiet before it gives memory back. */
  public static final Duration QUIET = Duration.ofSeconds(5);
  /** The longest time between trims while writes keep coming, each less than {@link #QUIET} apart. */
  public static final Duration MAX_GAP = Duration.ofSeconds(60);

  private final BooleanSupplier idle;
  private final LongSupplier acceptedBytes;
  private final long gcThreshold;
  private final long quietNanos;
  private final long maxGapNanos;
  private final LongSupplier clock;
  private final Runnable collector;
  private final NativeTrim nativeTrim;

  /** The accepted-bytes count at the last look, and when it (or the queue) last moved. */
  private long seenBytes = -1;
  private long activeAt;
  /** The accepted-bytes count at the last trim (-1: none yet) and at the last collection. */
  private long trimmedAt = -1;
  private long collectedAt;
  /** When the last trim ran (at first: the first look). */
  private long trimmedNanos;

  /**
   * @param idle true when nothing is queued
   * @param acceptedBytes payload bytes accepted since the start
   * @param gcThreshold bytes accepted since the last collection that make the trim collect
   * @param quiet how long {@code idle} must hold with no byte accepted
   * @param maxGap the longest time between trims when {@code quiet} never comes: a trim then runs at
   *     a moment when nothing is queued
   * @param clock nanoseconds, monotonic
   * @param collector the collection ({@link #collect} in the daemon)
   * @param nativeTrim gives the C heap's free memory back
   */
  public HeapTrim(BooleanSupplier idle, LongSupplier acceptedBytes, long gcThreshold, Duration quiet, Duration maxGap,
      LongSupplier clock, Runnable collector, NativeTrim nativeTrim) {
    this.idle = idle;
    this.acceptedBytes = acceptedBytes;
    this.gcThreshold = gcThreshold;
    this.quietNanos = quiet.toNanos();
    this.maxGapNanos = maxGap.toNanos();
    this.clock = clock;
    this.collector = collector;
    this.nativeTrim = nativeTrim;
  }

  /** Looks at the daemon and trims when it has been quiet long enough (see the class comment). */
  @Override
  public void run() {
    long now = clock.getAsLong();
    long accepted = acceptedBytes.getAsLong();
    if (seenBytes < 0) {
      trimmedNanos = now; // the start: a trickle that never goes quiet waits MAX_GAP for its first trim
    }
    if (accepted != seenBytes) {
      seenBytes = accepted;
      activeAt = now;
    }
    if (!idle.getAsBoolean()) {
      activeAt = now;
      return;
    }
    boolean quiet = now - activeAt >= quietNanos;
    boolean overdue = now - trimmedNanos >= maxGapNanos; // writes keep coming, each less than quiet apart
    if (accepted == trimmedAt || !(quiet || overdue)) {
      return;
    }
    boolean first = trimmedAt < 0;
    trimmedAt = accepted;
    long lastTrim = trimmedNanos;
    trimmedNanos = now;
    if (first) {
      nativeTrim.trim(); // loads what the trim needs (the MBean server), so the collection below takes its garbage
    }
    if (first || accepted - collectedAt >= gcThreshold) {
      collectedAt = accepted;
      collector.run();
    }
    String result = nativeTrim.trim();
    if (result == null) {
      return;
    }
    if (quiet) {
      LOG.info("memory trim after {} ms quiet: {}", (now - activeAt) / 1_000_000, result);
    } else {
      LOG.info("memory trim while writes keep coming, {} s after the last: {}", (now - lastTrim) / 1_000_000_000, result);
    }
  }

  /** One full collection with tight free ratios, which lets the collector shrink the heap. */
  public static void collect() {
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
    LOG.debug("heap trim: committed heap {} -> {} KiB", before / 1024, rt.totalMemory() / 1024);
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
