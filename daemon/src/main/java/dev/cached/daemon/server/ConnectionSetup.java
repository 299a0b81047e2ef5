package dev.cached.daemon.server;

import dev.cached.protocol.Protocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

/**
 * The pipeline of a new connection, in order from the socket:
 *
 * <pre>
 *   answers    AnswerEncoder   (outbound) answer headers to frames
 *   peer       PeerCheck       Unix socket only: the peer's uid
 *   admission  Admission       connection cap, shutdown, backpressure
 *   frames     FrameIntake     bytes to frames, frame timeout
 *   cookie     CookieGate      TCP only: a hello with the cookie first; small limits until then
 *   hello      HelloGate       hello first, hello timeout; leaves after the hello
 *   dispatch   Dispatch        the requests
 * </pre>
 *
 * <p>Concurrency: {@code @Sharable}; stateless apart from the shared handlers it adds.
 */
@ChannelHandler.Sharable
final class ConnectionSetup extends ChannelInitializer<Channel> {
  private final ServerContext server;
  private final Admission admission;
  private final PeerCheck peers;
  private final CookieGate cookies;

  /**
   * {@code peers}: the Unix socket's peer check, or null (TCP, and tests on an {@code
   * EmbeddedChannel}); {@code cookies}: the TCP listener's gate, or null (Unix socket).
   */
  ConnectionSetup(ServerContext server, Admission admission, PeerCheck peers, CookieGate cookies) {
    this.server = server;
    this.admission = admission;
    this.peers = peers;
    this.cookies = cookies;
  }

  @Override
  protected void initChannel(Channel ch) {
    ChannelPipeline p = ch.pipeline();
    p.addLast("answers", AnswerEncoder.INSTANCE);
    if (peers != null) {
      p.addLast("peer", peers);
    }
    p.addLast("admission", admission);
    long frameTimeout = server.config().frameTimeout().toMillis();
    if (cookies == null) {
      p.addLast("frames", new FrameIntake(frameTimeout, Protocol.MAX_HEADER, server.config().maxPayload(), null));
    } else {
      p.addLast("frames", new FrameIntake(frameTimeout, CookieGate.MAX_HEADER, 0, cookies.refusals()));
      p.addLast("cookie", cookies);
    }
    p.addLast("hello", new HelloGate(server.config().helloTimeout().toMillis(), server.stats(), admission.refusals()));
    p.addLast("dispatch", new Dispatch(server));
  }
}
