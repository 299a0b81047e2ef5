package dev.cached.daemon.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.daemon.write.OpList;
import dev.cached.daemon.write.Outcome;
import dev.cached.daemon.write.PathGuard;
import dev.cached.daemon.write.Payload;
import dev.cached.daemon.write.WriteOp;
import dev.cached.daemon.write.WriteScheduler;
import dev.cached.protocol.Ack;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.Json;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.ProtocolException;
import dev.cached.protocol.Request;
import dev.cached.protocol.Requests;
import dev.cached.protocol.Responses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of one connection, after {@link FrameIntake} and the gates: binds the root of its
 * hello, hands writes, deletes and replaces to the {@link WriteScheduler}, answers flushes once
 * their barrier is reached, and enforces the per-connection limit on unanswered requests. On a
 * connection whose hello asked for batched acknowledgements ({@code "acks":"batch"}), accepted
 * queued requests get no answer of their own: one {@code through} for the last of them goes out
 * when a read from the socket has been processed ({@code channelReadComplete}), or before any
 * other answer, so answers leave in processing order.
 *
 * <p>Concurrency: holds per-channel state, so one instance per channel (not {@code @Sharable}).
 * Request handling runs on the channel's event loop. Answers to durable writes and flushes are
 * written from writer threads through the thread-safe {@code Channel.writeAndFlush}; the fields
 * they touch ({@link #outstanding}, {@link #sinceFlush}, the counters) are thread-safe.
 *
 * <p>Dispatch is the {@link WriteOp.Watcher} of its connection's ops: the scheduler tells it of
 * each op's acceptance and end directly, so a queued op costs no future or callback of its own.
 */
final class Dispatch extends ChannelInboundHandlerAdapter implements WriteOp.Watcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);

  private final ServerContext server;
  private final long connectedAt = System.currentTimeMillis();

  private ChannelHandlerContext ctx;
  private boolean helloDone;
  private Path root;
  /** {@link #root} with symlinks resolved when it was bound: what every write must stay under. */
  private Path realRoot;
  /** {@link #realRoot} is {@link #root} (no symlink on the way): a resolved path needs no respelling. */
  private boolean rootIsReal;
  private boolean ordered;
  /** The hello asked for batched acknowledgements: accepted queued requests get one {@code through} per read. */
  private boolean batchAcks;
  /** The id of the last queued request accepted and not yet acknowledged ({@link #batchAcks}), or -1. */
  private long pendingThrough = -1;
  private String clientName = "?";
  private long clientPid;
  private CompletableFuture<?> lastChain;

  /** Ops not yet final, oldest first; an op leaves after its bookkeeping ({@link #finished}) ran. */
  private final OpList outstanding = new OpList();
  private final SinceFlush sinceFlush = new SinceFlush();
  private final AtomicInteger unanswered = new AtomicInteger();
  private final AtomicLong requests = new AtomicLong();

  Dispatch(ServerContext server) {
    this.server = server;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext c) {
    this.ctx = c;
  }

  @Override
  public void channelRead(ChannelHandlerContext c, Object msg) {
    handle((FrameAssembler.Incoming) msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext c) {
    sendThrough();
    c.fireChannelReadComplete();
  }

  /** Acknowledges every queued request accepted since the last {@code through}, if any (batched acknowledgements). */
  private void sendThrough() {
    if (pendingThrough >= 0) {
      ctx.write(new QueuedAck(pendingThrough, true));
      pendingThrough = -1;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) {
    server.hooks().writerHold().release(this); // a hold never outlives the connection that took it
    c.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    LOG.info("close: connection {} ({}): {}", c.channel().id(), clientName, cause.toString());
    c.close();
  }

  /** Answers one frame; its payload, if any, goes to the scheduler or is released here. */
  private void handle(FrameAssembler.Incoming frame) {
    Payload payload = Payload.of(frame.payload());
    try {
      handle(frame, payload);
    } finally {
      if (!payload.handedOver()) {
        payload.release();
      }
    }
  }

  private void handle(FrameAssembler.Incoming frame, Payload payload) {
    requests.incrementAndGet();
    Request req;
    try {
      req = frame.parse();
    } catch (ProtocolException e) {
      answerError(e.id(), e.code(), e.getMessage(), !helloDone);
      return;
    }
    if (!(req instanceof Request.Write || req instanceof Request.Delete || req instanceof Request.Replace)) {
      sendThrough(); // answers leave in processing order: a flush answer must not overtake earlier acknowledgements
    }
    try {
      if (req instanceof Request.Hello) {
        hello((Request.Hello) req);
      } else if (req instanceof Request.Write) {
        Request.Write w = (Request.Write) req;
        accept(w.id(), WriteOp.Kind.WRITE, w.path(), payload, null, w.mode(), w.ack());
      } else if (req instanceof Request.Delete) {
        Request.Delete d = (Request.Delete) req;
        accept(d.id(), WriteOp.Kind.DELETE, d.path(), null, null, null, d.ack());
      } else if (req instanceof Request.Replace) {
        Request.Replace r = (Request.Replace) req;
        accept(r.id(), WriteOp.Kind.REPLACE, r.path(), null, r.from(), null, r.ack());
      } else if (req instanceof Request.Flush) {
        flush((Request.Flush) req);
      } else if (req instanceof Request.Status) {
        ObjectNode ok = Responses.ok(req.id());
        ok.set("status", server.hooks().status());
        answer(ok);
      } else if (req instanceof Request.Hold) {
        hold((Request.Hold) req);
      } else if (req instanceof Request.Shutdown) {
        Request.Shutdown s = (Request.Shutdown) req;
        LOG.info("shutdown requested by connection {} ({} pid {}), drain={}", ctx.channel().id(), clientName, clientPid, s.drain());
        ctx.writeAndFlush(Responses.ok(req.id()))
            .addListener(f -> server.hooks().shutdown(s.drain()));
      }
    } catch (ProtocolException e) {
      answerError(e.id() != null ? e.id() : req.id(), e.code(), e.getMessage(), e.fatal());
    }
  }

  /** Holds the writers for this connection ({@link dev.cached.daemon.write.WriterHold}), or ends its hold (0 millis). */
  private void hold(Request.Hold h) throws ProtocolException {
    if (h.millis() > 0 && server.hooks().shuttingDown()) {
      throw ProtocolException.request(ErrorCode.SHUTTING_DOWN, h.id(), "hold : the daemon is shutting down; its writers drain the queue");
    }
    long held = server.hooks().writerHold().hold(this, h.millis());
    LOG.info("hold: connection {} ({} pid {}) {}; writers held {} ms more", ctx.channel().id(), clientName, clientPid,
        h.millis() > 0 ? "holds the writers for " + h.millis() + " ms" : "ends its hold", held);
    answer(Responses.ok(h.id()).put("heldMillis", held));
  }

  private void hello(Request.Hello h) throws ProtocolException {
    if (helloDone) {
      throw ProtocolException.request(ErrorCode.BAD_REQUEST, h.id(), "hello : sent twice (expected: once, first)");
    }
    if (!Protocol.SUPPORTED.contains(h.protocol())) {
      throw new ProtocolException(
          ErrorCode.PROTOCOL_VERSION,
          "protocol : " + h.protocol() + " (this daemon, cached/" + server.version() + ", speaks " + Protocol.SUPPORTED
              + "); to use a newer client, run 'cached stop' and start the newer daemon",
          true,
          h.id());
    }
    if (h.root() != null) {
      String refusal = server.rootPolicy().refusal(h.root());
      if (refusal != null) {
        throw new ProtocolException(ErrorCode.ROOT_NOT_ALLOWED, refusal, true, h.id());
      }
      root = Path.of(h.root()).normalize();
      realRoot = PathGuard.realPrefix(root);
      rootIsReal = realRoot.equals(root);
      server.hooks().rememberRoot(root);
    }
    helloDone = true;
    ordered = h.ordered();
    batchAcks = h.batchAcks();
    clientName = h.client() == null ? "?" : h.client();
    clientPid = h.pid();
    ObjectNode ok = HelloAnswer.of(h.id(), server.version(), server.config(), batchAcks);
    answer(ok);
  }

  private void accept(long id, WriteOp.Kind kind, String path, Payload data, String from, Integer mode, Ack ack)
      throws ProtocolException {
    if (root == null) {
      throw ProtocolException.request(
          ErrorCode.NOT_BOUND, id, kind.name().toLowerCase(java.util.Locale.ROOT) + " on an admin connection (hello bound no root)");
    }
    if (server.hooks().shuttingDown()) {
      throw ProtocolException.request(ErrorCode.SHUTTING_DOWN, id, "the daemon is shutting down; request not accepted");
    }
    if (ack == Ack.DURABLE && unanswered.get() >= server.config().maxPendingRequests()) {
      throw ProtocolException.request(
          ErrorCode.BUSY, id, "unanswered requests : " + unanswered.get() + " (expected: < " + server.config().maxPendingRequests() + ")");
    }
    Path target = underRealRoot(PathGuard.resolve(root, path, server.config().maxPathBytes(), id));
    Path source = null;
    if (from != null) {
      source = PathGuard.replaceSource(
          underRealRoot(PathGuard.resolve(root, from, server.config().maxPathBytes(), id)), from, target, id);
    }
    CompletableFuture<?> gate = ordered ? lastChain : null;
    WriteOp op =
        server.scheduler().submit(
            new WriteScheduler.Request(
                kind, realRoot, path, target, data, source, mode, gate, clientName, this, id, ack == Ack.DURABLE));
    if (ordered) {
      lastChain = op.chain();
    }
    if (ack == Ack.QUEUED) {
      if (batchAcks) {
        pendingThrough = id;
      } else {
        ctx.write(new QueuedAck(id, false));
      }
    }
  }

  /**
   * {@code p} (under the root as the client named it) spelled under {@link #realRoot}: one
   * spelling per file whichever path a client bound it by, and the cheap confinement check.
   */
  private Path underRealRoot(Path p) {
    return rootIsReal ? p : realRoot.resolve(root.relativize(p));
  }

  /** An op of this connection is accepted (on the event loop, before it can run). */
  @Override
  public void accepted(WriteOp op) {
    if (op.durable()) {
      unanswered.incrementAndGet();
    }
    outstanding.add(op);
  }

  /** An op of this connection is final: on a writer thread, or on whichever event loop superseded it. */
  @Override
  public void finished(WriteOp op, Outcome outcome) {
    sinceFlush.finished(op, outcome, !op.durable());
    if (op.durable()) {
      unanswered.decrementAndGet();
      ObjectNode answer;
      if (outcome.failed()) {
        answer = Responses.error(op.requestId(), outcome.code(), outcome.message());
      } else {
        answer = Responses.ok(op.requestId());
        answer.put("outcome", outcome.wire());
      }
      ctx.channel().writeAndFlush(answer);
    }
    outstanding.remove(op); // last: a flush that no longer sees the op must see its count and failure
  }

  private void flush(Request.Flush f) throws ProtocolException {
    if (unanswered.get() >= server.config().maxPendingRequests()) {
      throw ProtocolException.request(
          ErrorCode.BUSY, f.id(), "unanswered requests : " + unanswered.get() + " (expected: < " + server.config().maxPendingRequests() + ")");
    }
    CompletableFuture<Void> barrier =
        root == null
            ? server.scheduler().barrier()
            : outstanding.whenDone();
    unanswered.incrementAndGet();
    if (f.timeoutMillis() != null) {
      barrier = barrier.orTimeout(f.timeoutMillis(), TimeUnit.MILLISECONDS);
    }
    barrier.whenComplete(
        (v, t) -> {
          unanswered.decrementAndGet();
          ObjectNode answer;
          if (t != null) {
            answer = Responses.error(f.id(), ErrorCode.TIMEOUT,
                "flush : not complete after " + f.timeoutMillis() + " ms; " + outstanding.size() + " requests still pending");
          } else {
            answer = Responses.ok(f.id());
            sinceFlush.reportInto(answer);
          }
          ctx.channel().writeAndFlush(answer);
        });
  }

  private void answer(ObjectNode response) {
    ctx.write(response);
  }

  private void answerError(Long id, ErrorCode code, String message, boolean close) {
    server.stats().refusedConnection();
    ObjectNode e = Responses.error(id, code, message);
    if (close) {
      sendThrough(); // what was accepted before the fatal error stays acknowledged
      LOG.info("close: connection {} ({}): {} {}", ctx.channel().id(), clientName, code, message);
      AnswerEncoder.answerAndClose(ctx, e);
    } else {
      LOG.debug("refused: connection {} ({}) id {}: {} {}", ctx.channel().id(), clientName, id, code, message);
      ctx.write(e);
    }
  }

  /** This connection as JSON, for status. */
  ObjectNode describe() {
    ObjectNode n = Json.object();
    n.put("id", ctx.channel().id().asShortText());
    n.put("client", clientName);
    n.put("pid", clientPid);
    n.put("root", root == null ? null : root.toString());
    n.put("ordered", ordered);
    n.put("connectedAtMillis", connectedAt);
    n.put("requests", requests.get());
    n.put("pending", outstanding.size());
    WriteOp oldest = outstanding.oldest();
    if (ordered && oldest != null && oldest.isRetrying()) {
      n.put("blockedBy", oldest.target().toString());
    }
    return n;
  }
}
