package dev.cached.daemon.server;

import dev.cached.protocol.ProtocolException;
import dev.cached.protocol.Responses;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket bytes in, {@link FrameAssembler.Incoming} frames out (one {@code fireChannelRead} each).
 * A stream that cannot be frames is answered with the decoder's error and closed; a frame left
 * unfinished for {@code frameTimeout} closes the connection, unless the daemon itself paused
 * reading. After each chunk of bytes, the answers its frames produced are flushed.
 *
 * <p>The limits start as given ({@link #FrameIntake(long, int, long, RefusalLog)}) and may be raised once, by
 * {@link #raiseLimits} (the TCP listener keeps them tiny until the cookie is checked).
 *
 * <p>Concurrency: per-channel state, one instance per channel; runs on the channel's event loop.
 */
final class FrameIntake extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(FrameIntake.class);

  private final long frameTimeoutMillis;
  private FrameAssembler decoder;
  /** Where stream errors are logged before authentication (TCP), rate-limited; null after it, and on Unix. */
  private RefusalLog preAuth;
  private ScheduledFuture<?> frameTimer;
  private long framesDecoded;

  /** {@code preAuth}: the refusal log of an unauthenticated TCP connection, or null. */
  FrameIntake(long frameTimeoutMillis, int maxHeader, long maxPayload, RefusalLog preAuth) {
    this.frameTimeoutMillis = frameTimeoutMillis;
    this.decoder = new FrameAssembler(maxHeader, maxPayload);
    this.preAuth = preAuth;
  }

  /** Takes the full limits for the frames after the current one (which must be complete): authenticated. */
  void raiseLimits(int maxHeader, long maxPayload) {
    decoder.release();
    decoder = new FrameAssembler(maxHeader, maxPayload);
    preAuth = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    try {
      while (buf.isReadable() && ctx.channel().isActive()) {
        FrameAssembler.Incoming frame = decoder.next(buf, ctx.alloc());
        if (frame == null) {
          break;
        }
        framesDecoded++;
        ctx.fireChannelRead(frame);
      }
    } catch (ProtocolException e) {
      if (preAuth != null) {
        preAuth.refused(ctx.channel(), "before authentication: " + e.code() + " " + e.getMessage());
      } else {
        LOG.info("close: connection {}: {} {}", ctx.channel(), e.code(), e.getMessage());
      }
      AnswerEncoder.answerAndClose(ctx, Responses.error(null, e.code(), e.getMessage()));
    } finally {
      buf.release();
    }
    ctx.flush(); // answer each chunk's requests now, not after the whole read batch: lower ack latency
    armFrameTimer(ctx);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.fireChannelReadComplete(); // first: Dispatch writes its batched acknowledgement there
    ctx.flush();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (frameTimer != null) {
      frameTimer.cancel(false);
    }
    decoder.release();
    ctx.fireChannelInactive();
  }

  private void armFrameTimer(ChannelHandlerContext ctx) {
    if (!decoder.midFrame() || frameTimer != null || !ctx.channel().isActive()) {
      return;
    }
    long mark = framesDecoded;
    frameTimer =
        ctx.executor().schedule(
            () -> {
              frameTimer = null;
              if (framesDecoded != mark || !decoder.midFrame()) {
                armFrameTimer(ctx);
              } else if (!ctx.channel().config().isAutoRead()) {
                armFrameTimer(ctx); // we paused reading: the stall is ours, not the client's
              } else {
                LOG.info("close: connection {} left a frame unfinished for {} ms", ctx.channel(), frameTimeoutMillis);
                ctx.close();
              }
            },
            frameTimeoutMillis,
            TimeUnit.MILLISECONDS);
  }
}
