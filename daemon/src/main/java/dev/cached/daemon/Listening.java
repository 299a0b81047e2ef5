package dev.cached.daemon;

import dev.cached.config.CachedConfig;
import dev.cached.config.Listener;
import dev.cached.fs.OwnerOnly;
import dev.cached.daemon.lifecycle.SocketPlace;
import dev.cached.daemon.lifecycle.StartupException;
import dev.cached.daemon.server.DaemonServer;
import dev.cached.protocol.Endpoint;
import dev.cached.protocol.Json;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.Version;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the configured listeners ({@code listen}) and removes what they leave on disk: the Unix
 * socket, and for TCP the endpoint file {@code <socket>.endpoint} with a cookie drawn afresh from
 * {@link SecureRandom} at every start, published only once the TCP listener is bound.
 *
 * <p>Concurrency: runs on the daemon's lifecycle thread, once at start and once at exit.
 */
final class Listening {
  private static final Logger LOG = LoggerFactory.getLogger(Listening.class);
  private static final int COOKIE_BYTES = 32;

  private Listening() {}

  /** Removes what a crashed run left (socket, endpoint file); the caller holds the instance lock. */
  static void removeStale(Path socket) throws StartupException {
    removeStale("socket", socket);
    removeStale("endpoint file", Endpoint.fileOf(socket));
  }

  private static void removeStale(String what, Path p) throws StartupException {
    try {
      if (Files.deleteIfExists(p)) {
        LOG.info("removed stale {} {} left by a previous run", what, p);
      }
    } catch (IOException e) {
      throw new StartupException("cannot remove stale " + what + " " + p + ": " + e, e);
    }
  }

  /** Binds every listener of {@code config.listen()}, in order; then publishes the TCP endpoint. */
  static void open(DaemonServer server, CachedConfig config) throws StartupException {
    Path socket = config.socket();
    for (Listener l : config.listen()) {
      if (l == Listener.UNIX) {
        try {
          server.bindUnix(socket);
          SocketPlace.restrictSocket(socket);
        } catch (IOException e) {
          throw new StartupException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
      } else {
        openTcp(server, config);
      }
    }
  }

  private static void openTcp(DaemonServer server, CachedConfig config) throws StartupException {
    Path file = Endpoint.fileOf(config.socket());
    byte[] secret = new byte[COOKIE_BYTES];
    new SecureRandom().nextBytes(secret);
    String cookie = HexFormat.of().formatHex(secret);
    InetSocketAddress bound;
    try {
      bound = server.bindTcp(config.tcpHost(), config.tcpPort(), cookie, file);
    } catch (IOException e) {
      throw new StartupException("cannot listen on tcp " + config.tcpHost() + ":" + config.tcpPort() + ": " + e.getMessage(), e);
    }
    Endpoint endpoint = new Endpoint(Protocol.VERSION, ProcessHandle.current().pid(), Version.get(),
        bound.getAddress().getHostAddress(), bound.getPort(), cookie);
    try {
      OwnerOnly.writeFile(file, Json.mapper().writeValueAsBytes(endpoint.toJson()));
    } catch (IOException e) {
      throw new StartupException("cannot publish the tcp endpoint in " + file + ": " + e, e);
    }
    LOG.info("tcp endpoint {} published in {}", endpoint, file);
  }

  /** Removes the socket and the endpoint file (each only if there); failures are logged. */
  static void remove(Path socket) {
    for (Path p : new Path[] {Endpoint.fileOf(socket), socket}) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        LOG.warn("shutdown: cannot remove {}: {}", p, e.toString());
      }
    }
  }
}
