package dev.cached.daemon.server;

import dev.cached.config.CachedConfig;
import dev.cached.daemon.stats.Stats;
import dev.cached.daemon.write.WriteScheduler;

/**
 * What a connection's handlers need from the daemon around them: the parts a test builds from
 * fakes (a scheduler over the memory file system, hooks of its own) to drive the handlers on an
 * {@code EmbeddedChannel}.
 *
 * <p>Concurrency: immutable; every part is thread-safe.
 */
record ServerContext(
    CachedConfig config,
    String version,
    WriteScheduler scheduler,
    Stats stats,
    RootPolicy rootPolicy,
    DaemonServer.Hooks hooks) {}
