package dev.cached.daemon.janitor;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.cached.fs.FileOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temp files whose deletion failed (held open by another process, again), retried in the
 * background by {@link #retry()} and once more at shutdown. Bounded: past {@code capacity} entries
 * the oldest is dropped from the list with a warning (the start-up sweep still finds it later).
 *
 * <p>Concurrency: guarded by the instance monitor; file-system calls happen outside it.
 */
public final class LazyDeleter {
  private static final Logger LOG = LoggerFactory.getLogger(LazyDeleter.class);

  private final FileOps fs;
  private final int capacity;
  /** Path to the reason of the last failed delete. */
  @GuardedBy("this")
  private final Map<Path, String> pending = new LinkedHashMap<>();
  private long removed;

  public LazyDeleter(FileOps fs, int capacity) {
    this.fs = fs;
    this.capacity = capacity;
  }

  /** Adds a temp whose delete just failed with {@code reason}. */
  public void add(Path temp, String reason) {
    Path dropped = null;
    synchronized (this) {
      pending.put(temp, reason);
      if (pending.size() > capacity) {
        dropped = pending.keySet().iterator().next();
        pending.remove(dropped);
      }
    }
    LOG.info("lazy-delete: queued {} ({})", temp, reason);
    if (dropped != null) {
      LOG.warn("lazy-delete: list full ({}), dropped {}; the next start-up sweep removes it", capacity, dropped);
    }
  }

  /** Tries every queued delete once; returns how many remain. */
  public int retry() {
    List<Path> batch;
    synchronized (this) {
      batch = new ArrayList<>(pending.keySet());
    }
    for (Path p : batch) {
      try {
        fs.delete(p);
        synchronized (this) {
          pending.remove(p);
          removed++;
        }
      } catch (IOException e) {
        synchronized (this) {
          pending.put(p, e.toString());
        }
      }
    }
    return size();
  }

  public synchronized int size() {
    return pending.size();
  }

  public synchronized long removed() {
    return removed;
  }

  /** The queued paths with their last error. */
  public synchronized Map<Path, String> snapshot() {
    return new LinkedHashMap<>(pending);
  }
}
