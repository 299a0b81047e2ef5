package dev.cached.client;

import dev.cached.fs.Ticker;
import dev.cached.protocol.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Options for {@link CacheWriter#open}. Unset options fall back to the environment, then to the
 * defaults below. Not thread-safe; build, then open.
 *
 * <table>
 *   <caption>Options and their environment variables</caption>
 *   <tr><th>option</th><th>environment</th><th>default</th></tr>
 *   <tr><td>{@link #socket}</td><td>{@code CACHED_SOCKET}</td><td>the platform default</td></tr>
 *   <tr><td>{@link #transport}</td><td>{@code CACHED_TRANSPORT=auto|unix|tcp}</td><td>auto</td></tr>
 *   <tr><td>{@link #autostart}</td><td>{@code CACHED_AUTOSTART=1}</td><td>off</td></tr>
 *   <tr><td>{@link #fallback}</td><td>{@code CACHED_FALLBACK=inline|skip}</td><td>inline</td></tr>
 *   <tr><td>{@link #launcher}</td><td>{@code CACHED_DAEMON_CMD} (wins), then {@code cached} on PATH</td><td>none</td></tr>
 * </table>
 */
public final class CacheWriterOptions {
  Path socket;
  Path root;
  Transport transport;
  boolean ordered;
  String clientName = "java/" + Version.get();
  Boolean autostart;
  FallbackMode fallback;
  Path launcher;
  Duration fallbackDeadline = Duration.ofSeconds(1);
  Duration autostartWait = Duration.ofSeconds(20);
  Duration reconnectInterval = Duration.ofSeconds(5);
  Duration timeout = Duration.ofSeconds(30);
  long retainBytes = 64L * 1024 * 1024;
  Map<String, String> env = System.getenv();
  Ticker ticker = Ticker.system();

  CacheWriterOptions() {}

  /** The cache directory every path is relative to. Required. */
  public CacheWriterOptions root(Path r) {
    this.root = Objects.requireNonNull(r, "root");
    return this;
  }

  /** The daemon's socket; default {@code CACHED_SOCKET}, else the platform default. */
  public CacheWriterOptions socket(Path s) {
    this.socket = s;
    return this;
  }

  /** How to reach the daemon; default {@code CACHED_TRANSPORT}, else {@link Transport#AUTO}. */
  public CacheWriterOptions transport(Transport t) {
    this.transport = t;
    return this;
  }

  /** Writes become visible in send order across paths (while the daemon serves them). */
  public CacheWriterOptions ordered(boolean o) {
    this.ordered = o;
    return this;
  }

  /** Name shown by {@code cached status}. */
  public CacheWriterOptions clientName(String n) {
    this.clientName = Objects.requireNonNull(n, "clientName");
    return this;
  }

  /** Start the daemon when none answers; default {@code CACHED_AUTOSTART} ({@code 1} or {@code true}), else off. */
  public CacheWriterOptions autostart(boolean a) {
    this.autostart = a;
    return this;
  }

  /** What to do while no daemon answers; default {@code CACHED_FALLBACK}, else {@link FallbackMode#INLINE}. */
  public CacheWriterOptions fallback(FallbackMode m) {
    this.fallback = Objects.requireNonNull(m, "fallback");
    return this;
  }

  /** The {@code cached} launcher for autostart, used when neither {@code CACHED_DAEMON_CMD} nor PATH has one. */
  public CacheWriterOptions launcher(Path l) {
    this.launcher = l;
    return this;
  }

  /** How long an in-process write retries a locked target before it fails; default 1 s. */
  public CacheWriterOptions fallbackDeadline(Duration d) {
    this.fallbackDeadline = positiveOrZero("fallbackDeadline", d);
    return this;
  }

  /** How long autostart waits for the new daemon's socket; default 20 s. */
  public CacheWriterOptions autostartWait(Duration d) {
    this.autostartWait = positiveOrZero("autostartWait", d);
    return this;
  }

  /** While falling back, try to reach the daemon again at most this often; default 5 s; negative: never. */
  public CacheWriterOptions reconnectInterval(Duration d) {
    this.reconnectInterval = Objects.requireNonNull(d, "reconnectInterval");
    return this;
  }

  /** How long hello and flush wait for the daemon's answer; default 30 s. */
  public CacheWriterOptions timeout(Duration d) {
    this.timeout = positiveOrZero("timeout", d);
    return this;
  }

  /** Memory for unconfirmed writes kept to redo if the daemon dies; default 64 MiB. */
  public CacheWriterOptions retainBytes(long b) {
    if (b < 0) {
      throw new IllegalArgumentException("retainBytes : " + b + " (expected: >= 0)");
    }
    this.retainBytes = b;
    return this;
  }

  /** The environment to read instead of the process's (tests). */
  CacheWriterOptions env(Map<String, String> e) {
    this.env = Map.copyOf(e);
    return this;
  }

  /** The clock for the reconnect interval (tests). */
  CacheWriterOptions ticker(Ticker t) {
    this.ticker = t;
    return this;
  }

  private static Duration positiveOrZero(String name, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " : " + d + " (expected: >= 0)");
    }
    return d;
  }
}
