package dev.cached.client;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The caller's latest operation per path that the daemon has not yet confirmed final, so the
 * fallback can redo it if the daemon dies. Redoing the latest operation of a path is safe because
 * the last write wins: if the daemon did it already, the redo writes the same bytes again.
 *
 * <p>An entry leaves when a flush sent after it is answered, when the daemon refuses it, or, to
 * keep memory bounded, when the retained bytes exceed the limit and the daemon has already accepted
 * it (oldest first). Entries not yet accepted are never evicted; the connection's request window
 * bounds them. An accepted entry that was evicted is lost if the daemon dies before writing it: a
 * cache miss, not a torn or stale-over-new file.
 *
 * <p>Concurrency: thread-safe; every method holds the instance lock briefly and does no I/O.
 */
final class Unconfirmed {
  private static final class Entry {
    final PendingOp op;
    final long seq;
    boolean accepted;

    Entry(PendingOp op, long seq) {
      this.op = op;
      this.seq = seq;
    }
  }

  private final long maxBytes;
  /** Insertion order = send order; a path's newer op moves it to the end. */
  @GuardedBy("this")
  private final LinkedHashMap<String, Entry> byPath = new LinkedHashMap<>();
  @GuardedBy("this")
  private long bytes;
  @GuardedBy("this")
  private long nextSeq;

  Unconfirmed(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("retainBytes : " + maxBytes + " (expected: >= 0)");
    }
    this.maxBytes = maxBytes;
  }

  /** Records {@code op} as the latest for its path; returns its sequence number. */
  synchronized long record(PendingOp op) {
    long seq = nextSeq++;
    Entry old = byPath.remove(op.path());
    if (old != null) {
      bytes -= old.op.cost();
    }
    byPath.put(op.path(), new Entry(op, seq));
    bytes += op.cost();
    evict();
    return seq;
  }

  /** The sequence number the next record gets: a flush sent now covers everything below it. */
  synchronized long mark() {
    return nextSeq;
  }

  /** The daemon accepted op {@code seq}; it may now be evicted under memory pressure. */
  synchronized void accepted(String path, long seq) {
    Entry e = byPath.get(path);
    if (e != null && e.seq == seq) {
      e.accepted = true;
      evict();
    }
  }

  /** Removes op {@code seq} of {@code path} if it is still the latest; returns it, or null. */
  synchronized PendingOp remove(String path, long seq) {
    Entry e = byPath.get(path);
    if (e == null || e.seq != seq) {
      return null;
    }
    byPath.remove(path);
    bytes -= e.op.cost();
    return e.op;
  }

  /** A flush answered: every op below {@code mark} is final. */
  synchronized void confirmedBelow(long mark) {
    for (Iterator<Entry> it = byPath.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.seq < mark) {
        bytes -= e.op.cost();
        it.remove();
      }
    }
  }

  /** Takes every entry, oldest first. */
  synchronized List<PendingOp> drain() {
    List<PendingOp> out = new ArrayList<>(byPath.size());
    for (Entry e : byPath.values()) {
      out.add(e.op);
    }
    byPath.clear();
    bytes = 0;
    return out;
  }

  synchronized int size() {
    return byPath.size();
  }

  synchronized long bytes() {
    return bytes;
  }

  @GuardedBy("this")
  private void evict() {
    if (bytes <= maxBytes) {
      return;
    }
    for (Iterator<Map.Entry<String, Entry>> it = byPath.entrySet().iterator(); it.hasNext() && bytes > maxBytes; ) {
      Entry e = it.next().getValue();
      if (e.accepted) {
        bytes -= e.op.cost();
        it.remove();
      }
    }
  }
}
