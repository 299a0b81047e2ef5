package dev.cached.daemon.write;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per directory. {@code threshold} consecutive hard failures in a directory
 * open its breaker: further ops there fail at once with the last reason, without touching the
 * disk. After a wait (first {@code probeFirst}, doubling to {@code probeCap}) one op is let through
 * as a probe; its success closes the breaker, its failure reopens it with a longer wait.
 *
 * <p>Concurrency: one {@link State} per directory, each guarded by its own monitor; the map is
 * concurrent. Safe from any thread.
 */
public final class Breakers {
  private final int threshold;
  private final long probeFirst;
  private final long probeCap;
  private final Map<Path, State> states = new ConcurrentHashMap<>();

  public Breakers(int threshold, Duration probeFirst, Duration probeCap) {
    this.threshold = threshold;
    this.probeFirst = probeFirst.toNanos();
    this.probeCap = probeCap.toNanos();
  }

  /** A snapshot of one open (or half-open) breaker, for status. */
  public record View(Path directory, int failures, String reason, long openForNanos, long nextProbeInNanos) {}

  private static final class State {
    int failures;
    String reason;
    boolean open;
    long openedAt;
    long probeAt;
    long wait;
    /** The op let through as the probe, or 0 when none is out. */
    long probe;
  }

  /**
   * Asks whether op {@code seq} may touch {@code dir} now. The first op to ask after the probe time
   * becomes the probe; it may go on asking (its retries) until it ends, and no other op passes
   * meanwhile.
   *
   * @return null when it may (possibly as the probe); else the reason the breaker is open
   */
  public String check(Path dir, long seq, long now) {
    State s = states.get(dir);
    if (s == null) {
      return null;
    }
    synchronized (s) {
      if (!s.open || s.probe == seq) {
        return null;
      }
      if (s.probe == 0 && now >= s.probeAt) {
        s.probe = seq;
        return null;
      }
      return "breaker open for " + dir + " after " + s.failures + " hard failures; last: " + s.reason
          + (s.probe != 0 ? "; a probe is running" : "; next probe in " + Math.max(0, (s.probeAt - now) / 1_000_000) + " ms");
    }
  }

  /**
   * Records a hard failure of op {@code seq} in {@code dir}. A failed probe reopens the breaker with
   * a doubled wait; a failure of an op that started before the breaker opened only counts.
   */
  void recordHard(Path dir, long seq, String reason, long now) {
    State s = states.computeIfAbsent(dir, d -> new State());
    synchronized (s) {
      s.failures++;
      s.reason = reason;
      if (s.open) {
        if (s.probe == seq) {
          s.probe = 0;
          s.wait = Math.min(probeCap, s.wait * 2);
          s.probeAt = now + s.wait;
        }
      } else if (s.failures >= threshold) {
        s.open = true;
        s.openedAt = now;
        s.wait = probeFirst;
        s.probeAt = now + s.wait;
      }
    }
  }

  /**
   * Op {@code seq} ended without telling success or a hard failure (superseded, retry deadline,
   * refused): when it was the probe, the next op may probe at once.
   */
  void releaseProbe(Path dir, long seq) {
    State s = states.get(dir);
    if (s == null) {
      return;
    }
    synchronized (s) {
      if (s.probe == seq) {
        s.probe = 0;
      }
    }
  }

  /** Records a success in {@code dir}: its breaker closes and its count resets. */
  void recordSuccess(Path dir) {
    if (states.isEmpty()) {
      return;
    }
    states.remove(dir);
  }

  /** The open breakers, for status. */
  public List<View> open(long now) {
    List<View> out = new ArrayList<>();
    states.forEach(
        (dir, s) -> {
          synchronized (s) {
            if (s.open) {
              out.add(new View(dir, s.failures, s.reason, now - s.openedAt, Math.max(0, s.probeAt - now)));
            }
          }
        });
    return out;
  }
}
