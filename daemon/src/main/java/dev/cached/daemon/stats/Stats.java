package dev.cached.daemon.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.Json;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Counters and the accept-to-visible latency histogram of the daemon.
 *
 * <p>Concurrency: counters are {@link LongAdder}s; the histogram is guarded by its own monitor
 * (recording is one short call per applied op, so contention is low).
 */
public final class Stats {
  public final LongAdder accepted = new LongAdder();
  public final LongAdder acceptedBytes = new LongAdder();
  public final LongAdder written = new LongAdder();
  public final LongAdder deleted = new LongAdder();
  public final LongAdder coalesced = new LongAdder();
  public final LongAdder superseded = new LongAdder();
  public final LongAdder failed = new LongAdder();
  public final LongAdder retries = new LongAdder();
  public final LongAdder refused = new LongAdder();

  /** Counts of one root. */
  public static final class RootCounts {
    public final LongAdder accepted = new LongAdder();
    public final LongAdder written = new LongAdder();
    public final LongAdder deleted = new LongAdder();
    public final LongAdder failed = new LongAdder();
  }

  private static final int MAX_ROOTS = 1000;
  private final Map<String, RootCounts> roots = new ConcurrentHashMap<>();

  /** The counts of {@code root}; past 1000 roots, new ones share one "(other roots)" entry. */
  public RootCounts root(String root) {
    RootCounts c = roots.get(root);
    if (c != null) {
      return c;
    }
    return roots.computeIfAbsent(roots.size() >= MAX_ROOTS ? "(other roots)" : root, r -> new RootCounts());
  }

  /** Per-root counts as JSON for status, busiest first. */
  public ArrayNode rootsJson() {
    ArrayNode a = Json.mapper().createArrayNode();
    roots.entrySet().stream()
        .sorted((x, y) -> Long.compare(y.getValue().accepted.sum(), x.getValue().accepted.sum()))
        .forEach(e -> {
          ObjectNode n = a.addObject();
          n.put("root", e.getKey());
          n.put("accepted", e.getValue().accepted.sum());
          n.put("written", e.getValue().written.sum());
          n.put("deleted", e.getValue().deleted.sum());
          n.put("failed", e.getValue().failed.sum());
        });
    return a;
  }

  /** @GuardedBy("latency") nanoseconds from accept to visible, 1 µs to 10 min, 3 digits. */
  private final Histogram latency = new Histogram(1_000L, 600_000_000_000L, 3);

  /** Records the time from accept to the op being final on disk. */
  public void recordLatency(long nanos) {
    synchronized (latency) {
      latency.recordValue(Math.max(1_000L, Math.min(nanos, latency.getHighestTrackableValue())));
    }
  }

  /** The totals as JSON for status. */
  public ObjectNode totals() {
    ObjectNode n = Json.object();
    n.put("accepted", accepted.sum());
    n.put("acceptedBytes", acceptedBytes.sum());
    n.put("written", written.sum());
    n.put("deleted", deleted.sum());
    n.put("coalesced", coalesced.sum());
    n.put("superseded", superseded.sum());
    n.put("failed", failed.sum());
    n.put("retries", retries.sum());
    n.put("refused", refused.sum());
    return n;
  }

  /** Latency percentiles in microseconds. */
  public ObjectNode latencyJson() {
    ObjectNode n = Json.object();
    synchronized (latency) {
      n.put("count", latency.getTotalCount());
      n.put("p50Micros", latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(50) / 1000);
      n.put("p99Micros", latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(99) / 1000);
      n.put("maxMicros", latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1000);
    }
    return n;
  }
}
