package dev.cached.daemon.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.config.CachedConfig;
import dev.cached.daemon.stats.Stats;
import dev.cached.daemon.write.PendingBytes;
import dev.cached.daemon.write.WriteScheduler;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.Json;
import dev.cached.protocol.Responses;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty server on the Unix domain socket: native epoll on Linux when available, JDK NIO domain
 * sockets elsewhere. Checks each peer's uid ({@link PeerCheck}) on both transports, caps
 * connections, and turns reading off and on for
 * backpressure (daemon-wide pending bytes, and per channel when a client stops reading answers).
 *
 * <p>Concurrency: {@link #connections} is concurrent; autoRead is only changed on each channel's
 * own event loop.
 */
public final class DaemonServer implements ServerContext {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonServer.class);

  /** What the server needs from the daemon's lifecycle. Thread-safe. */
  public interface Hooks {
    ObjectNode status();

    void shutdown(boolean drain);

    boolean shuttingDown();

    void rememberRoot(Path root);
  }

  private final CachedConfig config;
  private final String version;
  private final WriteScheduler scheduler;
  private final Stats stats;
  private final PendingBytes pendingBytes;
  private final Hooks hooks;
  private final RootPolicy rootPolicy;
  private final PeerCheck peers;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

  private EventLoopGroup group;
  private Channel serverChannel;
  private boolean epoll;

  public DaemonServer(
      CachedConfig config, String version, WriteScheduler scheduler, Stats stats,
      PendingBytes pendingBytes, RootPolicy rootPolicy, long ownUid, Hooks hooks) {
    this.config = config;
    this.version = version;
    this.scheduler = scheduler;
    this.stats = stats;
    this.pendingBytes = pendingBytes;
    this.rootPolicy = rootPolicy;
    this.peers = new PeerCheck(ownUid);
    this.hooks = hooks;
    pendingBytes.listener(this::pauseAll);
  }

  /** Binds the socket at {@code path}; the caller has made sure no live daemon owns it. */
  public void bind(Path path) throws IOException, InterruptedException {
    epoll = Epoll.isAvailable();
    Class<? extends ServerChannel> channelClass;
    SocketAddress address;
    DefaultThreadFactory threads = new DefaultThreadFactory("cached-io", true);
    if (epoll) {
      group = new MultiThreadIoEventLoopGroup(1, threads, EpollIoHandler.newFactory());
      channelClass = EpollServerDomainSocketChannel.class;
      address = new DomainSocketAddress(path.toFile());
    } else {
      LOG.info("native epoll unavailable ({}); using JDK NIO domain sockets", Epoll.unavailabilityCause().toString());
      group = new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory());
      channelClass = NioServerDomainSocketChannel.class;
      address = UnixDomainSocketAddress.of(path);
    }
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(channelClass)
            .childOption(ChannelOption.ALLOCATOR, PayloadMemory.ALLOCATOR)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast("cached-connection", new Connection(DaemonServer.this));
                  }
                });
    try {
      serverChannel = b.bind(address).sync().channel();
    } catch (Exception e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("bind " + path + ": " + e.getMessage(), e);
    }
    LOG.info("listening on {} ({})", path, epoll ? "epoll" : "nio");
  }

  /** Stops accepting new connections. */
  public void stopAccepting() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
  }

  /** Closes every connection and stops the event loop. */
  public void close() {
    stopAccepting();
    for (Channel ch : channels) {
      ch.close();
    }
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  public int connectionCount() {
    return connections.size();
  }

  /** Every connection as JSON, for status. */
  public ArrayNode describeConnections() {
    ArrayNode a = Json.mapper().createArrayNode();
    for (Connection c : connections) {
      a.add(c.describe());
    }
    return a;
  }

  public boolean usesEpoll() {
    return epoll;
  }

  @Override
  public String admit(Connection c, Channel ch) {
    String refusal = peers.refusal(ch);
    if (refusal != null) {
      LOG.warn("refused: connection {}: {}", ch.id(), refusal);
      stats.refused.increment();
      ch.close();
      return refusal;
    }
    if (connections.size() >= config.maxConnections()) {
      refusal = "connections : " + connections.size() + " (expected: < maxConnections " + config.maxConnections() + ")";
    } else if (hooks.shuttingDown()) {
      refusal = "the daemon is shutting down";
    }
    if (refusal != null) {
      LOG.warn("refused: connection {}: {}", ch.id(), refusal);
      stats.refused.increment();
      ErrorCode code = hooks.shuttingDown() ? ErrorCode.SHUTTING_DOWN : ErrorCode.BUSY;
      ch.writeAndFlush(Connection.frame(Responses.error(null, code, refusal))).addListener(ChannelFutureListener.CLOSE);
      return refusal;
    }
    connections.add(c);
    channels.add(ch);
    updateAutoRead(ch);
    return null;
  }

  @Override
  public void left(Connection c) {
    connections.remove(c);
    channels.removeIf(ch -> !ch.isOpen());
  }

  @Override
  public void updateAutoRead(Channel ch) {
    if (!ch.eventLoop().inEventLoop()) {
      ch.eventLoop().execute(() -> updateAutoRead(ch));
      return;
    }
    boolean read = !pendingBytes.paused() && ch.isWritable();
    if (ch.config().isAutoRead() != read) {
      ch.config().setAutoRead(read);
    }
  }

  private void pauseAll(boolean paused) {
    LOG.info("backpressure: pending bytes {} {} ({} of {}); reading {}", pendingBytes.bytes(),
        paused ? "over" : "under", paused ? "cap" : "half", config.maxPendingBytes(), paused ? "paused" : "resumed");
    for (Channel ch : channels) {
      updateAutoRead(ch);
    }
  }

  @Override
  public CachedConfig config() {
    return config;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public WriteScheduler scheduler() {
    return scheduler;
  }

  @Override
  public Stats stats() {
    return stats;
  }

  @Override
  public RootPolicy rootPolicy() {
    return rootPolicy;
  }

  @Override
  public boolean shuttingDown() {
    return hooks.shuttingDown();
  }

  @Override
  public void shutdown(boolean drain) {
    hooks.shutdown(drain);
  }

  @Override
  public void rememberRoot(Path root) {
    hooks.rememberRoot(root);
  }

  @Override
  public ObjectNode status() {
    return hooks.status();
  }
}
