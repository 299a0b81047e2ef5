package dev.cached.daemon.server;

import dev.cached.daemon.stats.Stats;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.unix.PeerCredentials;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect: a peer whose effective uid is the daemon's own, or root. Reads the kernel's
 * peer credentials of each accepted connection: {@code SO_PEERCRED} through epoll's
 * {@code peerCredentials()}, or through the JDK's {@link ExtendedSocketOptions#SO_PEERCRED} on the
 * NIO transport. Where the platform has no peer credentials (Windows), the socket directory's
 * permissions are the only guard, and that is logged once. First handler of a Unix-socket channel:
 * a refused peer is closed without an answer.
 *
 * <p>Concurrency: {@code @Sharable}; immutable apart from the log-once flag; safe on every event
 * loop.
 */
@ChannelHandler.Sharable
final class PeerCheck extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(PeerCheck.class);
  private static final ChannelOption<UnixDomainPrincipal> PEERCRED = NioChannelOption.of(ExtendedSocketOptions.SO_PEERCRED);

  private final long ownUid;
  private final Stats stats;
  private final UserPrincipal own;
  private final UserPrincipal root;
  private final AtomicBoolean warnedUnsupported = new AtomicBoolean();

  PeerCheck(long ownUid, Stats stats) {
    this.ownUid = ownUid;
    this.stats = stats;
    UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
    this.own = lookup(users, ownUid >= 0 ? Long.toString(ownUid) : System.getProperty("user.name"));
    this.root = lookup(users, "0");
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    String refusal = refusal(ctx.channel());
    if (refusal != null) {
      LOG.warn("refused: connection {}: {}", ctx.channel().id(), refusal);
      stats.refusedConnection();
      ctx.close();
      return;
    }
    ctx.fireChannelActive();
  }

  /** Null when the peer of {@code ch} may be served, else the reason it may not. */
  String refusal(Channel ch) {
    if (ch instanceof EpollDomainSocketChannel) {
      try {
        PeerCredentials cred = ((EpollDomainSocketChannel) ch).peerCredentials();
        if (cred.uid() == ownUid || cred.uid() == 0) {
          return null;
        }
        return "peer uid " + cred.uid() + " (pid " + cred.pid() + ") is not the daemon's uid " + ownUid;
      } catch (IOException e) {
        return "cannot read peer credentials: " + e;
      }
    }
    UnixDomainPrincipal peer;
    try {
      peer = ch.config().getOption(PEERCRED);
    } catch (RuntimeException e) {
      return "cannot read peer credentials: " + e;
    }
    if (peer == null) {
      if (warnedUnsupported.compareAndSet(false, true)) {
        LOG.warn("peer credentials are not available on this platform; only the socket directory's permissions keep other users out");
      }
      return null;
    }
    if (peer.user().equals(own) || peer.user().equals(root)) {
      return null;
    }
    return "peer user " + peer.user().getName() + " is not the daemon's user " + (own == null ? "?" : own.getName());
  }

  private static UserPrincipal lookup(UserPrincipalLookupService users, String name) {
    try {
      return name == null ? null : users.lookupPrincipalByName(name);
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }
}
