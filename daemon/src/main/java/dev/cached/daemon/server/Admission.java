package dev.cached.daemon.server;

import dev.cached.config.CachedConfig;
import dev.cached.daemon.stats.Stats;
import dev.cached.daemon.write.IntakeFirst;
import dev.cached.daemon.write.PendingBytes;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.Responses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's connections, on every listener: refuses one over {@code maxConnections} ({@link
 * ErrorCode#BUSY}) or during a shutdown ({@link ErrorCode#SHUTTING_DOWN}), keeps the open ones,
 * and turns reading off and on for backpressure: off while the daemon is over its pending-bytes cap
 * or while a channel cannot write (its client stopped reading answers).
 *
 * <p>Concurrency: {@code @Sharable}, one instance for all channels; {@link #channels} is concurrent;
 * autoRead is only changed on each channel's own event loop.
 */
@ChannelHandler.Sharable
final class Admission extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

  private final CachedConfig config;
  private final Stats stats;
  private final PendingBytes pendingBytes;
  private final BooleanSupplier shuttingDown;
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
  private final RefusalLog refusals;
  private final IntakeFirst intake;

  Admission(
      CachedConfig config, Stats stats, PendingBytes pendingBytes, BooleanSupplier shuttingDown, RefusalLog refusals,
      IntakeFirst intake) {
    this.refusals = refusals;
    this.intake = intake;
    this.config = config;
    this.stats = stats;
    this.pendingBytes = pendingBytes;
    this.shuttingDown = shuttingDown;
    pendingBytes.listener(this::pauseAll);
  }

  /** Where refusals of connections are logged, rate-limited: shared by the gates of every listener. */
  RefusalLog refusals() {
    return refusals;
  }

  /** The admitted channels that are still open (a live view). */
  Set<Channel> channels() {
    return channels;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Channel ch = ctx.channel();
    String refusal = null;
    boolean closing = shuttingDown.getAsBoolean();
    if (channels.size() >= config.maxConnections()) {
      refusal = "connections : " + channels.size() + " (expected: < maxConnections " + config.maxConnections() + ")";
    } else if (closing) {
      refusal = "the daemon is shutting down";
    }
    if (refusal != null) {
      refusals.refused(ch, refusal);
      stats.refusedConnection();
      ErrorCode code = closing ? ErrorCode.SHUTTING_DOWN : ErrorCode.BUSY;
      AnswerEncoder.answerAndClose(ctx, Responses.error(null, code, refusal));
      return;
    }
    channels.add(ch);
    updateAutoRead(ch);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    intake.reading(); // the writers wait their turn while reads keep coming
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    channels.remove(ctx.channel());
    ctx.fireChannelInactive();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    updateAutoRead(ctx.channel());
    ctx.fireChannelWritabilityChanged();
  }

  /** Recomputes whether {@code ch} should read, on its event loop. */
  void updateAutoRead(Channel ch) {
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
}
