package dev.cached.config;

import dev.cached.protocol.DefaultPlaces;
import dev.cached.fs.FsyncPolicy;
import dev.cached.fs.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The daemon's effective configuration: every key of {@code config/CONFIG.md}, validated. Built by
 * {@link ConfigLoader} from defaults, the config file, the environment and flags (in rising
 * precedence); immutable and safe to share.
 *
 * @param socket the Unix domain socket the daemon listens on ({@code socket})
 * @param stateDir logs, lock, pid and the list of known roots ({@code stateDir})
 * @param listen the transports the daemon listens on ({@code listen})
 * @param tcpHost the loopback address of the TCP listener ({@code tcpHost})
 * @param tcpPort the TCP listener's port; 0 lets the OS pick a free one ({@code tcpPort})
 * @param maxPayload largest payload of one write, bytes ({@code maxPayload})
 * @param maxPendingBytes payload bytes accepted but not yet written before reading pauses ({@code maxPendingBytes})
 * @param maxConnections simultaneous connections ({@code maxConnections})
 * @param maxPendingRequests unanswered requests per connection ({@code maxPendingRequests})
 * @param maxPathBytes longest relative path, UTF-8 bytes ({@code maxPathBytes})
 * @param helloTimeout how long a new connection may stay silent before its hello ({@code helloTimeout})
 * @param frameTimeout how long a started frame may take to finish ({@code frameTimeout})
 * @param idleTimeout exit after this long with no connection and no work; zero disables ({@code idleTimeout})
 * @param drainTimeout how long a draining shutdown waits for queued and retrying writes ({@code drainTimeout})
 * @param writerThreads threads that run file-system steps ({@code writerThreads})
 * @param intakeFirst longest a writer waits for the socket threads during a burst; zero: never ({@code intakeFirst})
 * @param fsync what is forced before a write counts as done ({@code fsync})
 * @param retry backoff for transient errors ({@code retry.first}, {@code retry.factor}, {@code retry.cap}, {@code retry.deadline})
 * @param breakerThreshold consecutive hard failures in one directory that open its breaker ({@code breaker.threshold})
 * @param breakerProbeFirst first wait before an open breaker lets a probe through ({@code breaker.probeFirst})
 * @param breakerProbeCap longest wait between probes ({@code breaker.probeCap})
 * @param allowedRoots directories under which roots may be bound; empty allows any ({@code allowedRoots})
 * @param logLevel root log level ({@code log.level})
 * @param logMaxFileSize size of one log file before it rolls, bytes ({@code log.maxFileSize})
 * @param logMaxHistory rolled log files kept ({@code log.maxHistory})
 * @param faultHoldShare diagnostic: share of targets an emulated scanner holds, 0..1 ({@code faults.holdShare})
 * @param faultHoldTime diagnostic: how long the emulated scanner holds a target ({@code faults.holdTime})
 */
public record CachedConfig(
    Path socket,
    Path stateDir,
    List<Listener> listen,
    String tcpHost,
    int tcpPort,
    long maxPayload,
    long maxPendingBytes,
    int maxConnections,
    int maxPendingRequests,
    int maxPathBytes,
    Duration helloTimeout,
    Duration frameTimeout,
    Duration idleTimeout,
    Duration drainTimeout,
    int writerThreads,
    Duration intakeFirst,
    FsyncPolicy fsync,
    RetryPolicy retry,
    int breakerThreshold,
    Duration breakerProbeFirst,
    Duration breakerProbeCap,
    List<Path> allowedRoots,
    String logLevel,
    long logMaxFileSize,
    int logMaxHistory,
    double faultHoldShare,
    Duration faultHoldTime) {

  public CachedConfig {
    listen = List.copyOf(listen);
    allowedRoots = List.copyOf(allowedRoots);
  }

  /** The built-in defaults for this platform and user. */
  public static CachedConfig defaults() {
    return new CachedConfig(
        DefaultPlaces.socket(),
        DefaultPlaces.stateDir(),
        Listener.defaults(DefaultPlaces.Os.current()),
        "127.0.0.1",
        0,
        64L * 1024 * 1024,
        256L * 1024 * 1024,
        256,
        65536,
        4096,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ZERO,
        Duration.ofSeconds(30),
        Math.min(256, Math.max(1, Runtime.getRuntime().availableProcessors())),
        Duration.ofMillis(100),
        FsyncPolicy.NONE,
        RetryPolicy.DAEMON_DEFAULT,
        3,
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        List.of(),
        "info",
        10L * 1024 * 1024,
        4,
        0.0,
        Duration.ofMillis(200));
  }

  /** A copy that listens on {@code newListen}. */
  public CachedConfig withListen(List<Listener> newListen) {
    return new CachedConfig(
        socket, stateDir, newListen, tcpHost, tcpPort, maxPayload, maxPendingBytes, maxConnections, maxPendingRequests,
        maxPathBytes, helloTimeout, frameTimeout, idleTimeout, drainTimeout, writerThreads, intakeFirst, fsync,
        retry, breakerThreshold, breakerProbeFirst, breakerProbeCap, allowedRoots, logLevel,
        logMaxFileSize, logMaxHistory, faultHoldShare, faultHoldTime);
  }

  /** A copy with another socket and state directory (tests and the command line's flags). */
  public CachedConfig withPlaces(Path newSocket, Path newStateDir) {
    return new CachedConfig(
        newSocket, newStateDir, listen, tcpHost, tcpPort, maxPayload, maxPendingBytes, maxConnections, maxPendingRequests,
        maxPathBytes, helloTimeout, frameTimeout, idleTimeout, drainTimeout, writerThreads, intakeFirst, fsync,
        retry, breakerThreshold, breakerProbeFirst, breakerProbeCap, allowedRoots, logLevel,
        logMaxFileSize, logMaxHistory, faultHoldShare, faultHoldTime);
  }
}
