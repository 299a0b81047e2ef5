package dev.cached.daemon.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.config.CachedConfig;
import dev.cached.daemon.stats.Stats;
import dev.cached.daemon.write.PendingBytes;
import dev.cached.daemon.write.WriteScheduler;
import dev.cached.protocol.Json;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty server on the Unix domain socket: native epoll on Linux when available, JDK NIO domain
 * sockets elsewhere. Each connection is a pipeline of small handlers ({@link ConnectionSetup}).
 *
 * <p>Concurrency: {@link #bind} and {@link #close} run on the daemon's lifecycle thread; the
 * connection set is {@link Admission}'s, and concurrent.
 */
public final class DaemonServer {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonServer.class);

  /** What the server needs from the daemon's lifecycle. Thread-safe. */
  public interface Hooks {
    ObjectNode status();

    void shutdown(boolean drain);

    boolean shuttingDown();

    void rememberRoot(Path root);
  }

  private final Admission admission;
  private final ConnectionSetup unixSetup;

  private EventLoopGroup group;
  private Channel serverChannel;
  private boolean epoll;

  public DaemonServer(
      CachedConfig config, String version, WriteScheduler scheduler, Stats stats,
      PendingBytes pendingBytes, RootPolicy rootPolicy, long ownUid, Hooks hooks) {
    ServerContext context = new ServerContext(config, version, scheduler, stats, rootPolicy, hooks);
    this.admission = new Admission(config, stats, pendingBytes, hooks::shuttingDown);
    this.unixSetup = new ConnectionSetup(context, admission, new PeerCheck(ownUid, stats));
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
            .childHandler(unixSetup);
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
    for (Channel ch : admission.channels()) {
      ch.close();
    }
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  public int connectionCount() {
    return admission.channels().size();
  }

  /** Every connection as JSON, for status. */
  public ArrayNode describeConnections() {
    ArrayNode a = Json.mapper().createArrayNode();
    for (Channel ch : admission.channels()) {
      Dispatch d = ch.pipeline().get(Dispatch.class);
      if (d != null) {
        a.add(d.describe());
      }
    }
    return a;
  }

  public boolean usesEpoll() {
    return epoll;
  }
}
