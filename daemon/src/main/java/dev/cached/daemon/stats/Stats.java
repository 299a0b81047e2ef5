package dev.cached.daemon.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.concurrent.GuardedBy;
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
  private final LongAdder accepted = new LongAdder();
  private final LongAdder acceptedBytes = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder deleted = new LongAdder();
  private final LongAdder coalesced = new LongAdder();
  private final LongAdder superseded = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder retries = new LongAdder();

  /** Connections refused: peer, admission, hello, cookie. */
  private final LongAdder refused = new LongAdder();

  /** Counts of one root. */
  private static final class RootCounts {
    final LongAdder accepted = new LongAdder();
    final LongAdder written = new LongAdder();
    final LongAdder deleted = new LongAdder();
    final LongAdder failed = new LongAdder();
  }

  /** An op of {@code bytes} payload bytes was accepted for {@code root}. */
  public void accepted(String root, long bytes) {
    accepted.increment();
    acceptedBytes.add(bytes);
    root(root).accepted.increment();
  }

  /** A pending op was replaced by a newer one for the same target before it started. */
  public void coalesced() {
    coalesced.increment();
  }

  /** A started op (parked for a retry) was overtaken by a newer one. */
  public void superseded() {
    superseded.increment();
  }

  /** An attempt failed and will be retried after a backoff. */
  public void retried() {
    retries.increment();
  }

  /** A write of {@code root} is visible on disk, {@code latencyNanos} after it was accepted. */
  public void written(String root, long latencyNanos) {
    written.increment();
    root(root).written.increment();
    recordLatency(latencyNanos);
  }

  /** A delete of {@code root} is final on disk, {@code latencyNanos} after it was accepted. */
  public void deleted(String root, long latencyNanos) {
    deleted.increment();
    root(root).deleted.increment();
    recordLatency(latencyNanos);
  }

  /** An op of {@code root} failed for good. */
  public void failed(String root) {
    failed.increment();
    root(root).failed.increment();
  }

  /** A connection was refused at admission. */
  public void refusedConnection() {
    refused.increment();
  }

  /** Connections refused so far. */
  public long refusedConnections() {
    return refused.sum();
  }

  /** Payload bytes accepted since the start (for the heap trim). */
  public long acceptedBytes() {
    return acceptedBytes.sum();
  }

  private static final int MAX_ROOTS = 1000;
  private final Map<String, RootCounts> roots = new ConcurrentHashMap<>();

  /** The counts of {@code root}; past 1000 roots, new ones share one "(other roots)" entry. */
  private RootCounts root(String root) {
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

  /** Nanoseconds from accept to visible, 1 µs to 10 min, 3 digits. */
  @GuardedBy("latency")
  private final Histogram latency = new Histogram(1_000L, 600_000_000_000L, 3);

  /** Records the time from accept to the op being final on disk. */
  private void recordLatency(long nanos) {
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
