package dev.cached.cli.bench;

/**
 * One benchmark scenario.
 *
 * @param size payload bytes per write
 * @param clients concurrent clients (threads, each with its own connection)
 * @param writes writes per client
 * @param rewrites how many times each path is written (1 = distinct paths; 5 = rewrite-heavy)
 * @param lockedShare share of targets an emulated scanner holds (0 = none)
 * @param lockMillis how long a held target stays held
 * @param held the daemon's writers are held ({@code hold} request) until every caller had its last
 *     ack, then released: the caller time is the hand-over with no writer on the CPU, and the time
 *     after the release is the writer alone
 */
public record Scenario(int size, int clients, int writes, int rewrites, double lockedShare, int lockMillis, boolean held) {
  /** A scenario whose writers are not held. */
  public Scenario(int size, int clients, int writes, int rewrites, double lockedShare, int lockMillis) {
    this(size, clients, writes, rewrites, lockedShare, lockMillis, false);
  }

  /** The same scenario with the daemon's writers held until the callers are done. */
  public Scenario withWritersHeld() {
    return new Scenario(size, clients, writes, rewrites, lockedShare, lockMillis, true);
  }

  /** A short label, for example {@code 4KiB x1 distinct} or {@code 4KiB x1 rewrite5 locked5%}. */
  public String label() {
    String s = (size >= 1 << 20 ? (size >> 20) + "MiB" : size >= 1024 ? (size >> 10) + "KiB" : size + "B")
        + " x" + clients + (rewrites > 1 ? " rewrite" + rewrites : " distinct");
    if (lockedShare > 0) {
      s += " locked" + Math.round(lockedShare * 100) + "%/" + lockMillis + "ms";
    }
    if (held) {
      s += " held";
    }
    return s;
  }

  /** Total writes. */
  public int total() {
    return clients * writes;
  }

  /** The path of write {@code i} of client {@code c}: rewrite-heavy scenarios cycle over fewer paths. */
  public String path(int c, int i) {
    int distinct = Math.max(1, writes / rewrites);
    return "c" + c + "/" + (i % distinct) + ".cache";
  }
}
