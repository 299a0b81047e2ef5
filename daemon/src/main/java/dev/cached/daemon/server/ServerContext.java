package dev.cached.daemon.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.config.CachedConfig;
import dev.cached.daemon.stats.Stats;
import dev.cached.daemon.write.WriteScheduler;
import io.netty.channel.Channel;
import java.nio.file.Path;

/** What a {@link Connection} needs from the daemon around it. Implementations are thread-safe. */
interface ServerContext {
  CachedConfig config();

  String version();

  WriteScheduler scheduler();

  Stats stats();

  RootPolicy rootPolicy();

  /** Admits a new connection, or answers and closes it; returns the refusal reason or null. */
  String admit(Connection c, Channel ch);

  /** A connection closed. */
  void left(Connection c);

  /** Recomputes whether {@code ch} should read: not while the daemon is over its pending-bytes cap or ch cannot write. */
  void updateAutoRead(Channel ch);

  boolean shuttingDown();

  /** Starts a shutdown (from a client's shutdown request). */
  void shutdown(boolean drain);

  /** Records a root bound by a hello, for the start-up sweep. */
  void rememberRoot(Path root);

  /** The status object. */
  ObjectNode status();
}
