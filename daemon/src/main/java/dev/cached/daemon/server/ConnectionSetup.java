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

  /** {@code peers} null: no peer-credential check (tests on an {@code EmbeddedChannel}). */
  ConnectionSetup(ServerContext server, Admission admission, PeerCheck peers) {
    this.server = server;
    this.admission = admission;
    this.peers = peers;
  }

  @Override
  protected void initChannel(Channel ch) {
    ChannelPipeline p = ch.pipeline();
    p.addLast("answers", AnswerEncoder.INSTANCE);
    if (peers != null) {
      p.addLast("peer", peers);
    }
    p.addLast("admission", admission);
    p.addLast("frames", new FrameIntake(server.config().frameTimeout().toMillis(), Protocol.MAX_HEADER, server.config().maxPayload()));
    p.addLast("hello", new HelloGate(server.config().helloTimeout().toMillis(), server.stats()));
    p.addLast("dispatch", new Dispatch(server));
  }
}
