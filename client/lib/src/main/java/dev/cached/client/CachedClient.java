package dev.cached.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.Ack;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.Frame;
import dev.cached.protocol.FrameDecoder;
import dev.cached.protocol.FrameEncoder;
import dev.cached.protocol.WriteHeads;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.ProtocolException;
import dev.cached.protocol.Request;
import dev.cached.protocol.Response;
import dev.cached.protocol.Responses;
import dev.cached.protocol.Version;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A connection to the cached daemon, bound to one root (a cache directory).
 *
 * <pre>{@code
 * try (CachedClient c = CachedClient.connect(CachedClient.options().root(cacheDir))) {
 *   c.write("3.11/enum.data.json", bytes);    // returns at once; the daemon writes it
 *   FlushResult r = c.flush();                // barrier: every earlier write is final
 * }
 * }</pre>
 *
 * <p>Writes are pipelined: {@link #write} sends and returns without waiting for the daemon's
 * answer, which a background thread reads; a refused or failed write is reported by the next
 * {@link #flush()} and by the returned future. {@link #writeDurable} waits until the target holds
 * the bytes.
 *
 * <p>Concurrency: thread-safe. Sends are serialised by a lock (a frame is never interleaved with
 * another); answers are matched to requests by id on the {@code cached-client-reader} thread. If
 * the connection breaks, every request in flight fails at once with {@link
 * CachedUnavailableException} and later calls throw it.
 */
public final class CachedClient implements AutoCloseable {
  /** Options for {@link #connect}. Not thread-safe; build, then connect. */
  public static final class Options {
    Path socket;
    Path root;
    boolean ordered;
    String clientName = "java/" + Version.get();
    Duration timeout = Duration.ofSeconds(30);
    Transport transport;
    boolean batchAcks = true;

    /**
     * Ask for batched acknowledgements (default true): queued requests are then acknowledged
     * together, one answer per read batch of the daemon, not one each. A daemon without them
     * answers each request, and the client handles either.
     */
    public Options batchAcks(boolean b) {
      this.batchAcks = b;
      return this;
    }

    /** How to reach the daemon; default: {@code CACHED_TRANSPORT}, else {@link Transport#AUTO}. */
    public Options transport(Transport t) {
      this.transport = t;
      return this;
    }

    /** The daemon's socket; default: {@code CACHED_SOCKET}, else the platform default. */
    public Options socket(Path s) {
      this.socket = s;
      return this;
    }

    /** The cache directory to bind; absent makes an admin connection (status, flush, shutdown). */
    public Options root(Path r) {
      this.root = r;
      return this;
    }

    /** Writes become visible in send order across paths. */
    public Options ordered(boolean o) {
      this.ordered = o;
      return this;
    }

    /** Name shown by {@code cached status}. */
    public Options clientName(String n) {
      this.clientName = n;
      return this;
    }

    /** How long synchronous calls (hello, status, durable writes, flush) wait for an answer. */
    public Options timeout(Duration t) {
      this.timeout = t;
      return this;
    }
  }

  /** New default options. */
  public static Options options() {
    return new Options();
  }

  /** Bytes a client may have queued for its sender thread before a caller waits. */
  private static final long OUTBOX_BYTES = 16L * 1024 * 1024;

  private final SocketChannel channel;
  private final Duration timeout;
  private final Outbox outbox;
  /** Encodes write headers; used only inside {@link Outbox#put}'s lock, which orders the frames. */
  private final WriteHeads writeHeads = new WriteHeads();
  private final AtomicLong ids = new AtomicLong();
  private final Semaphore window;
  private final Answers answers;
  private final Thread reader;
  private final ObjectNode hello;
  private final long maxPayload;
  /** The daemon granted batched acknowledgements: queued requests are completed by {@code through} answers. */
  private final boolean batchAcks;
  private volatile CachedException broken;

  private CachedClient(Dial.Line line, Path socket, Options o) throws CachedException {
    this.channel = line.channel();
    this.timeout = o.timeout;
    this.window = new Semaphore(Integer.MAX_VALUE / 2);
    this.answers = new Answers(window);
    this.outbox = new Outbox(channel, OUTBOX_BYTES, e -> fail(new CachedUnavailableException("send: " + e.getMessage(), e)));
    this.reader = new Thread(this::readLoop, "cached-client-reader");
    reader.setDaemon(true);
    reader.start();
    String root = o.root == null ? null : o.root.toAbsolutePath().normalize().toString();
    long pid = ProcessHandle.current().pid();
    try {
      this.hello = await(send(id -> new Request.Hello(id, Protocol.VERSION, o.clientName, pid, root, o.ordered, line.cookie(), o.batchAcks),
          null, "hello", null, false));
    } catch (CachedException e) {
      throw Dial.helloRefused(line, socket, e);
    }
    Response.Hello answer = Responses.hello(hello);
    VersionCheck.requireOurs(answer, socket);
    this.maxPayload = answer.limits().maxPayload();
    this.batchAcks = Responses.batchAcks(hello);
    int limit = answer.limits().maxPendingRequests();
    window.drainPermits();
    window.release(Math.max(1, limit - 1));
  }

  /**
   * Connects and says hello.
   *
   * @throws CachedUnavailableException when no daemon answers on the socket (or on TCP at the
   *     endpoint file's address, with its cookie)
   * @throws CachedException when the daemon refuses the hello (root not allowed), or speaks another
   *     protocol: code {@code PROTOCOL_VERSION}, with a one-line message that names the fix
   */
  public static CachedClient connect(Options o) throws CachedException {
    Path socket = o.socket != null ? o.socket : Sockets.defaultSocket();
    Transport transport;
    try {
      transport = o.transport != null ? o.transport : Transport.parse(System.getenv(Transport.ENV));
    } catch (IllegalArgumentException e) {
      throw new CachedException(ErrorCode.BAD_REQUEST, Transport.ENV + ": " + e.getMessage());
    }
    Dial.Line line = Dial.open(socket, transport);
    try {
      return new CachedClient(line, socket, o);
    } catch (CachedException e) {
      line.abandon();
      throw e;
    }
  }

  /** False once the connection broke or was closed; every later request throws {@link CachedUnavailableException}. */
  public boolean isOpen() {
    return broken == null;
  }

  /** The daemon's hello answer (server version, protocol, limits, capabilities). */
  public JsonNode helloAnswer() {
    return hello;
  }

  /**
   * Hands a write to the client's sender thread and returns at once; the future completes with the
   * daemon's acceptance. From this call on the client owns {@code data}: do not change the array
   * afterwards (it is sent without a copy).
   */
  public CompletableFuture<ObjectNode> write(String path, byte[] data) throws CachedException {
    return send(id -> new Request.Write(id, path, Ack.QUEUED, data), data, "write", path, true);
  }

  /** Sends a write and waits until it is final; returns the outcome ({@code written} or {@code superseded}). */
  public String writeDurable(String path, byte[] data) throws CachedException {
    return outcome(await(send(id -> new Request.Write(id, path, Ack.DURABLE, data), data, "write", path, false)));
  }

  /** Sends a delete and returns at once. */
  public CompletableFuture<ObjectNode> delete(String path) throws CachedException {
    return send(id -> new Request.Delete(id, path, Ack.QUEUED), null, "delete", path, true);
  }

  /** Sends a delete and waits until it is final. */
  public String deleteDurable(String path) throws CachedException {
    return outcome(await(send(id -> new Request.Delete(id, path, Ack.DURABLE), null, "delete", path, false)));
  }

  /** Hands over an existing file {@code from} (beside the target) to be moved onto {@code path}. */
  public CompletableFuture<ObjectNode> replace(String from, String path) throws CachedException {
    return send(id -> new Request.Replace(id, from, path, Ack.QUEUED), null, "replace", path, true);
  }

  /** Hands over {@code from} and waits until it is final; returns {@code written} or {@code superseded}. */
  public String replaceDurable(String from, String path) throws CachedException {
    return outcome(await(send(id -> new Request.Replace(id, from, path, Ack.DURABLE), null, "replace", path, false)));
  }

  /** Waits until every request sent before it is final; returns what became final and what failed. */
  public FlushResult flush() throws CachedException {
    return await(flushAsync());
  }

  /**
   * Sends a flush and returns at once; the future completes as {@link #flush()} returns. Requests
   * sent after this call returns are not covered by it.
   */
  public CompletableFuture<FlushResult> flushAsync() throws CachedException {
    return send(id -> new Request.Flush(id, null), null, "flush", null, false).thenApply(answers::flushResult);
  }

  /** The daemon's status object. */
  public ObjectNode status() throws CachedException {
    return Responses.status(await(send(Request.Status::new, null, "status", null, false)));
  }

  /**
   * Holds the daemon's writers for {@code time} (at most a minute; zero ends this connection's hold)
   * while writes are still accepted: for measuring the hand-over apart from the writing, as {@code
   * cached bench} does (PROTOCOL.md, hold). Returns how long the writers stay held, in ms.
   */
  public long hold(Duration time) throws CachedException {
    if (time.isNegative() || time.toMillis() > Request.Hold.MAX_MILLIS) {
      throw new IllegalArgumentException("hold " + time + " (expected: 0 to " + Request.Hold.MAX_MILLIS + " ms)");
    }
    return await(send(id -> new Request.Hold(id, time.toMillis()), null, "hold", null, false)).path("heldMillis").asLong();
  }

  /** Asks the daemon to stop; with {@code drain}, after finishing queued work. */
  public void shutdown(boolean drain) throws CachedException {
    await(send(id -> new Request.Shutdown(id, drain), null, "shutdown", null, false));
  }

  /** The outcome of a durable answer: {@code written}, {@code deleted} or {@code superseded} ("" if it has none). */
  private static String outcome(ObjectNode answer) {
    String o = Responses.outcome(answer);
    return o == null ? "" : o;
  }

  /**
   * Queues the request that {@code request} builds for the id it is given (ids are assigned in the
   * order frames reach the socket); the future completes with its answer. {@code queued}: a
   * write, delete or replace with {@code ack: queued}, which a batched acknowledgement may answer.
   */
  private CompletableFuture<ObjectNode> send(
      LongFunction<Request> request, byte[] payload, String op, String path, boolean queued) throws CachedException {
    int size = payload == null ? 0 : payload.length;
    if (size > maxPayloadOrDefault()) {
      throw new CachedException(ErrorCode.TOO_LARGE, "write " + path + ": " + size + " bytes (expected: <= maxPayload " + maxPayload + ")");
    }
    CachedException b = broken;
    if (b != null) {
      throw new CachedUnavailableException(b.getMessage(), b);
    }
    try {
      window.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CachedException(ErrorCode.INTERNAL, "interrupted while waiting to send " + op, e);
    }
    CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
    try {
      outbox.put(() -> {
        long id = ids.getAndIncrement();
        answers.expect(id, op, path, answer, queued && batchAcks);
        Request r = request.apply(id);
        ByteBuffer head = r instanceof Request.Write w ? writeHeads.head(w, size) : FrameEncoder.head(r.header(), size);
        return size == 0 ? new ByteBuffer[] {head} : new ByteBuffer[] {head, ByteBuffer.wrap(payload)};
      });
    } catch (IOException e) {
      CachedException b2 = broken;
      CachedUnavailableException u = new CachedUnavailableException(
          "send " + op + " " + (path == null ? "" : path) + ": " + (b2 != null ? b2.getMessage() : e.getMessage()), e);
      fail(u);
      throw u;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CachedException(ErrorCode.INTERNAL, "interrupted while waiting to send " + op, e);
    }
    return answer;
  }

  private long maxPayloadOrDefault() {
    return maxPayload == 0 ? Protocol.DEFAULT_MAX_PAYLOAD : maxPayload;
  }

  <T> T await(CompletableFuture<T> f) throws CachedException {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CachedException) {
        CachedException c = (CachedException) e.getCause();
        if (c instanceof CachedUnavailableException) {
          throw new CachedUnavailableException(c.getMessage(), c);
        }
        throw new CachedException(c.code(), c.getMessage().substring(c.code().name().length() + 2), c);
      }
      throw new CachedException(ErrorCode.INTERNAL, e.getCause().toString(), e.getCause());
    } catch (TimeoutException e) {
      throw new CachedException(ErrorCode.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CachedException(ErrorCode.INTERNAL, "interrupted while waiting for an answer", e);
    }
  }

  private void readLoop() {
    FrameDecoder decoder = new FrameDecoder(Protocol.MAX_HEADER, 0);
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    try {
      while (true) {
        buf.clear();
        if (channel.read(buf) < 0) {
          fail(new CachedUnavailableException("the daemon closed the connection", null));
          return;
        }
        buf.flip();
        Frame f;
        while ((f = decoder.decode(buf)) != null) {
          dispatch(f.header());
        }
      }
    } catch (IOException | ProtocolException e) {
      fail(new CachedUnavailableException("connection broke: " + e.getMessage(), e));
    }
  }

  private void dispatch(ObjectNode answer) {
    Long id = Responses.idOf(answer);
    if (id == null) {
      // an answer to no request: the daemon is refusing the connection (BUSY, SHUTTING_DOWN) or closing it
      Response.Refused r = Responses.refusal(answer);
      fail(new CachedUnavailableException(
          r == null ? ": unexpected answer " + answer : r.code().name() + ": " + r.message(), null));
      return;
    }
    if (Responses.isThrough(answer)) {
      answers.completeThrough(id, answer);
    } else {
      answers.complete(id, answer);
    }
  }

  private void fail(CachedException e) {
    if (broken == null) {
      broken = e;
    }
    outbox.close();
    answers.failAll(e);
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing a broken channel
    }
  }

  /** Closes the connection; requests still unanswered fail with {@link CachedUnavailableException}. */
  @Override
  public void close() {
    try {
      outbox.drain(timeout.toMillis()); // what the caller handed over still reaches the daemon
      Dial.handOver(channel, reader);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    fail(new CachedUnavailableException("client closed", null));
    try {
      reader.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
