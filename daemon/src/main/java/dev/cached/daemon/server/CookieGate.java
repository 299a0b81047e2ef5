package dev.cached.daemon.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.daemon.stats.Stats;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.Requests;
import dev.cached.protocol.Responses;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The TCP listener's authentication: the first frame must be a {@code hello} whose {@code "cookie"}
 * is the one in this start's endpoint file, compared in constant time ({@link
 * MessageDigest#isEqual}). Anything else (no cookie, a wrong one, one from an earlier start, a
 * number, another op) is answered {@link ErrorCode#NOT_AUTHORIZED} and closed, and logged with
 * the remote address through the rate-limited {@link RefusalLog}. Until then {@link FrameIntake}
 * runs with the small pre-authentication limits ({@link #MAX_HEADER}, no payload); a hello with
 * the right cookie raises them to the configured ones, removes this gate and goes on to {@link
 * HelloGate} and {@link Dispatch}, so nothing is served and nothing touches the disk before it.
 *
 * <p>Concurrency: {@code @Sharable}; immutable; runs on each channel's event loop.
 */
@ChannelHandler.Sharable
final class CookieGate extends ChannelInboundHandlerAdapter {
  /** Largest header before authentication: a hello with a cookie and a long root fits. */
  static final int MAX_HEADER = 4096;

  private final byte[] cookie;
  private final long maxPayload;
  private final Stats stats;
  private final RefusalLog refusals;

  CookieGate(String cookie, long maxPayload, Stats stats, RefusalLog refusals) {
    this.cookie = cookie.getBytes(StandardCharsets.UTF_8);
    this.maxPayload = maxPayload;
    this.stats = stats;
    this.refusals = refusals;
  }

  RefusalLog refusals() {
    return refusals;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    FrameAssembler.Incoming frame = (FrameAssembler.Incoming) msg;
    // a frame read without a tree is a write, delete or replace: never a hello
    String refusal = frame.header() == null
        ? "first frame is not a hello (op \"" + frame.request().op() + "\")" : refusal(frame.header());
    if (refusal != null) {
      ReferenceCountUtil.release(frame.payload());
      stats.refusedConnection();
      refusals.refused(ctx.channel(), refusal);
      Long id = frame.header() == null ? Long.valueOf(frame.request().id()) : Requests.idOf(frame.header());
      AnswerEncoder.answerAndClose(ctx, Responses.error(id, ErrorCode.NOT_AUTHORIZED,
          "a TCP connection must start with a hello that carries the cookie of the daemon's endpoint file"));
      return;
    }
    ctx.pipeline().get(FrameIntake.class).raiseLimits(Protocol.MAX_HEADER, maxPayload);
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(msg);
  }

  /** Null when {@code h} is a hello with the right cookie, else why not (for the log only). */
  private String refusal(ObjectNode h) {
    JsonNode op = h.get("op");
    if (op == null || !op.isTextual() || !op.textValue().equals("hello")) {
      return "first frame is not a hello (op " + (op == null ? "missing" : abbreviate(op.toString())) + ")";
    }
    JsonNode c = h.get("cookie");
    if (c == null || c.isNull()) {
      return "hello without a cookie";
    }
    if (!c.isTextual()) {
      return "hello with a cookie that is not a string (" + c.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
    if (!MessageDigest.isEqual(cookie, c.textValue().getBytes(StandardCharsets.UTF_8))) {
      return "hello with a wrong cookie";
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
