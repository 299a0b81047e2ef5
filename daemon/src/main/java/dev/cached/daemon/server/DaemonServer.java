package dev.cached.daemon.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.config.CachedConfig;
import dev.cached.daemon.stats.Stats;
import dev.cached.daemon.write.IntakeFirst;
import dev.cached.daemon.write.PendingBytes;
import dev.cached.daemon.write.WriteScheduler;
import dev.cached.daemon.write.WriterHold;
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
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty server on its listeners, the Unix domain socket and loopback TCP, on one event loop:
 * native epoll on Linux when available, JDK NIO elsewhere (and with {@code
 * -Dio.netty.transport.noNative=true}). Each connection is a pipeline of small handlers ({@link
 * ConnectionSetup}); both listeners share the connection cap and backpressure ({@link Admission}).
 *
 * <p>Concurrency: the binds and {@link #close} run on the daemon's lifecycle thread, before and
 * after serving; the listener list is guarded by itself, for status on any thread. The
 * connection set is {@link Admission}'s, and concurrent.
 */
public final class DaemonServer {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonServer.class);

  /** What the server needs from the daemon's lifecycle. Thread-safe. */
  public interface Hooks {
    ObjectNode status();

    void shutdown(boolean drain);

    boolean shuttingDown();

    /** The writers' hold, which {@code hold} requests take and a closing connection ends. */
    WriterHold writerHold();

    void rememberRoot(Path root);
  }

  private final CachedConfig config;
  private final ServerContext context;
  private final Admission admission;
  private final ConnectionSetup unixSetup;
  private final List<Channel> serverChannels = new CopyOnWriteArrayList<>();
  @GuardedBy("listeners")
  private final ArrayNode listeners = Json.mapper().createArrayNode();

  private EventLoopGroup group;
  private boolean epoll;
  /** The event loop's one thread, once it ran: whose CPU clock {@link #ioCpuNanos} reads. */
  private volatile Thread ioThread;

  public DaemonServer(
      CachedConfig config, String version, WriteScheduler scheduler, Stats stats,
      PendingBytes pendingBytes, IntakeFirst intake, RootPolicy rootPolicy, long ownUid, Hooks hooks) {
    this.config = config;
    this.context = new ServerContext(config, version, scheduler, stats, rootPolicy, hooks);
    this.admission = new Admission(config, stats, pendingBytes, hooks::shuttingDown, new RefusalLog(System::nanoTime), intake);
    this.unixSetup = new ConnectionSetup(context, admission, new PeerCheck(ownUid, stats), null);
  }

  /** Binds the Unix domain socket at {@code path}; the caller has made sure no live daemon owns it. */
  public void bindUnix(Path path) throws IOException {
    startLoop();
    Class<? extends ServerChannel> channelClass = epoll ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class;
    SocketAddress address = epoll ? new DomainSocketAddress(path.toFile()) : UnixDomainSocketAddress.of(path);
    bind(channelClass, address, unixSetup, "unix socket " + path);
    ObjectNode l = Json.object();
    l.put("transport", "unix");
    l.put("path", path.toString());
    l.put("io", epoll ? "epoll" : "nio");
    listed(l);
  }

  /**
   * Binds the TCP listener on {@code host} (which must be a loopback address) and {@code port} (0:
   * any free one), whose connections must present {@code cookie} in their hello.
   *
   * @param endpointFile where the caller publishes the endpoint, for status
   * @return the bound address, with the port the OS picked
   */
  public InetSocketAddress bindTcp(String host, int port, String cookie, Path endpointFile) throws IOException {
    InetAddress address = InetAddress.getByName(host);
    if (!address.isLoopbackAddress()) {
      throw new IOException("tcpHost " + host + " is " + address.getHostAddress()
          + ", not a loopback address; the TCP listener must not be reachable from other machines");
    }
    startLoop();
    CookieGate gate = new CookieGate(cookie, config.maxPayload(), context.stats(), admission.refusals());
    Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    Channel ch = bind(channelClass, new InetSocketAddress(address, port),
        new ConnectionSetup(context, admission, null, gate), "tcp " + host + ":" + port);
    InetSocketAddress bound = (InetSocketAddress) ch.localAddress();
    ObjectNode l = Json.object();
    l.put("transport", "tcp");
    l.put("host", bound.getAddress().getHostAddress());
    l.put("port", bound.getPort());
    l.put("io", epoll ? "epoll" : "nio");
    l.put("endpointFile", endpointFile.toString());
    listed(l);
    return bound;
  }

  private void startLoop() {
    if (group != null) {
      return;
    }
    epoll = Epoll.isAvailable();
    DefaultThreadFactory threads = new DefaultThreadFactory("cached-io", true);
    if (epoll) {
      group = new MultiThreadIoEventLoopGroup(1, threads, EpollIoHandler.newFactory());
    } else {
      LOG.info("native epoll unavailable ({}); using JDK NIO", Epoll.unavailabilityCause().toString());
      group = new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory());
    }
    group.next().execute(() -> ioThread = Thread.currentThread());
  }

  private Channel bind(Class<? extends ServerChannel> channelClass, SocketAddress address, ConnectionSetup setup, String what)
      throws IOException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(channelClass)
            .childOption(ChannelOption.ALLOCATOR, PayloadMemory.ALLOCATOR)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
            // A write error (the client has gone: mypy ends with os._exit) shuts down only our output;
            // what the client sent before it left is still read to the end of the stream and carried
            // out. With Netty's default the channel closed on that error and the unread requests were lost.
            .childOption(ChannelOption.AUTO_CLOSE, false)
            .childHandler(setup);
    if (channelClass != EpollServerDomainSocketChannel.class && channelClass != NioServerDomainSocketChannel.class) {
      b.childOption(ChannelOption.TCP_NODELAY, true);
    }
    Channel ch;
    try {
      ch = b.bind(address).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("bind " + what + ": interrupted", e);
    } catch (Exception e) {
      throw new IOException("bind " + what + ": " + e.getMessage(), e);
    }
    serverChannels.add(ch);
    LOG.info("listening on {} ({})", what.startsWith("tcp") ? "tcp " + ch.localAddress() : what, epoll ? "epoll" : "nio");
    return ch;
  }

  /** Stops accepting new connections. */
  public void stopAccepting() {
    for (Channel ch : serverChannels) {
      ch.close().syncUninterruptibly();
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

  /** Every listener as JSON, for status: transport, address, I/O. */
  public ArrayNode describeListeners() {
    synchronized (listeners) {
      return listeners.deepCopy();
    }
  }

  private void listed(ObjectNode listener) {
    synchronized (listeners) {
      listeners.add(listener);
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

  /**
   * CPU time the socket thread ({@code cached-io-*}, the one event loop) has used since it
   * started, from its thread CPU clock; -1 when the JVM cannot measure it. What {@code cached
   * bench} divides by the writes of a burst ("intake µs/op").
   */
  public long ioCpuNanos() {
    Thread t = ioThread;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (t == null || !mx.isThreadCpuTimeSupported()) {
      return -1;
    }
    return mx.getThreadCpuTime(t.getId());
  }

  public boolean usesEpoll() {
    return epoll;
  }
}
