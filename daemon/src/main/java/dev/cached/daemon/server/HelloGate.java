package dev.cached.daemon.server;

import dev.cached.daemon.stats.Stats;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.ProtocolException;
import dev.cached.protocol.Request;
import dev.cached.protocol.Requests;
import dev.cached.protocol.Responses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hello first: closes a connection that sends no frame within {@code helloTimeout} of becoming
 * active, and refuses with {@link ErrorCode#NOT_BOUND} (then closes) one whose first request is
 * anything but a hello. The hello itself goes on to {@link Dispatch}, which checks its fields;
 * a first frame that does not parse goes on too, and Dispatch answers its error and closes. Once
 * a hello has passed, the gate leaves the pipeline, so later frames do not pay for it.
 *
 * <p>Concurrency: per-channel state, one instance per channel; runs on the channel's event loop.
 */
final class HelloGate extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HelloGate.class);

  private final long timeoutMillis;
  private final Stats stats;
  private final RefusalLog refusals;
  private ScheduledFuture<?> timer;

  HelloGate(long timeoutMillis, Stats stats, RefusalLog refusals) {
    this.timeoutMillis = timeoutMillis;
    this.stats = stats;
    this.refusals = refusals;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    timer =
        ctx.executor().schedule(
            () -> {
              refusals.refused(ctx.channel(), "sent no hello within " + timeoutMillis + " ms (helloTimeout); closed");
              ctx.close();
            },
            timeoutMillis,
            TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    FrameAssembler.Incoming frame = (FrameAssembler.Incoming) msg;
    Request req;
    try {
      req = frame.parse();
    } catch (ProtocolException e) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (!(req instanceof Request.Hello)) {
      ReferenceCountUtil.release(frame.payload());
      stats.refusedConnection();
      String message = "the first frame must be hello, got '" + req.op() + "'";
      LOG.info("close: connection {}: {} {}", ctx.channel(), ErrorCode.NOT_BOUND, message);
      AnswerEncoder.answerAndClose(ctx, Responses.error(req.id(), ErrorCode.NOT_BOUND, message));
      return;
    }
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(msg);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
