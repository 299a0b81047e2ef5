package dev.cached.daemon.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.FrameEncoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Turns answers ({@link ObjectNode} headers, never with a payload, and the pre-encoded {@link
 * QueuedAck}s) into frames. Sits next to the
 * pipeline's head, so every handler's answers and those written from writer threads through the
 * channel pass it.
 *
 * <p>Concurrency: stateless, {@code @Sharable}.
 */
@ChannelHandler.Sharable
final class AnswerEncoder extends ChannelOutboundHandlerAdapter {
  static final AnswerEncoder INSTANCE = new AnswerEncoder();

  private AnswerEncoder() {}

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof QueuedAck) {
      ctx.write(((QueuedAck) msg).encode(ctx.alloc()), promise);
    } else if (msg instanceof ObjectNode) {
      ctx.write(Unpooled.wrappedBuffer(FrameEncoder.head((ObjectNode) msg, 0)), promise);
    } else {
      ctx.write(msg, promise);
    }
  }

  /** Answers {@code answer} and closes the channel once it is written. */
  static void answerAndClose(ChannelHandlerContext ctx, ObjectNode answer) {
    ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
  }
}
