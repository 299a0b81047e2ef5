package dev.cached.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.ErrorCode;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What an analyzer embeds to write its cache: through the daemon when one answers, otherwise in
 * its own process, so that it never fails because {@code cached} is not running (design point 11).
 *
 * <pre>{@code
 * try (CacheWriter w = CacheWriter.open(CacheWriter.options().root(cacheDir).autostart(true))) {
 *   w.write("3.11/enum.data.json", bytes);   // returns at once while the daemon serves
 *   FlushResult r = w.flush();               // every earlier write is final; r.failed() lists failures
 * }
 * }</pre>
 *
 * <p>Routes, in order: the daemon; with autostart on, a daemon it starts ({@link Autostart}); else
 * the {@link FallbackMode}: {@code inline} writes in the caller's thread with the shared atomic
 * writer and a short retry deadline, {@code skip} drops the write. The first switch to the fallback
 * is reported once, as one {@code WARNING} of the {@code System.Logger} {@code dev.cached.client}.
 *
 * <p>If the daemon dies mid-stream: requests in flight fail at once (the connection's reader sees
 * the socket close), and the caller's latest operation of every path that the daemon has not
 * confirmed final is redone by the fallback, then later operations go there too. Redoing is safe
 * because the last write of a path wins: if the daemon had done it, the same bytes are written
 * again. While falling back the writer tries to reconnect at most every {@code reconnectInterval}.
 * Limit: a write of the same path accepted from another client after ours by the dying daemon may
 * be overwritten by our redo.
 *
 * <p>{@link #close()} does not wait for writes in the daemon's hands; call {@link #flush()} first to
 * know their outcome.
 *
 * <p>Concurrency: thread-safe. Sends are serialised (a lock orders the unconfirmed-op record and
 * the send, so a flush covers exactly the ops recorded before it); in-process writes run in their
 * callers' threads in parallel. Switching routes holds a write lock that in-process writes share,
 * so a redo of a path's older bytes never lands after a newer in-process write of it.
 */
public final class CacheWriter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.cached.client");

  private final CacheWriterOptions o;
  private final Path socket;
  private final Connector connector;
  private final Fallback fallback;
  private final Unconfirmed unconfirmed;
  private final ReentrantReadWriteLock switchLock = new ReentrantReadWriteLock();
  private final Object sendMonitor = new Object();
  private final AtomicBoolean warned = new AtomicBoolean();
  /** A client whose answers said it is gone (broken, or the daemon shutting down). */
  private final AtomicReference<CachedClient> condemned = new AtomicReference<>();
  private volatile CachedClient client;
  private volatile long lastAttempt;
  private volatile boolean closed;

  /** New default options. */
  public static CacheWriterOptions options() {
    return new CacheWriterOptions();
  }

  /** Connects (starting the daemon when enabled) or falls back; fails only on bad options. */
  public static CacheWriter open(CacheWriterOptions o) {
    Objects.requireNonNull(o.root, "root (expected: the cache directory)");
    return new CacheWriter(o);
  }

  private CacheWriter(CacheWriterOptions o) {
    this.o = o;
    String envSocket = o.env.get("CACHED_SOCKET");
    this.socket = o.socket != null ? o.socket
        : envSocket != null && !envSocket.isEmpty() ? Path.of(envSocket) : Sockets.defaultSocket();
    Path root = o.root.toAbsolutePath().normalize();
    this.connector = new Connector(o, socket, root);
    this.fallback = new Fallback(root, fallbackMode(o), o.fallbackDeadline);
    this.unconfirmed = new Unconfirmed(o.retainBytes);
    Connector.Result r = connector.first();
    this.lastAttempt = o.ticker.nanos();
    this.client = r.client();
    if (r.client() == null) {
      reportFallback(r.reason());
    }
  }

  /** Writes {@code data} to {@code path} (relative to the root). Never throws for daemon trouble. */
  public void write(String path, byte[] data) {
    submit(PendingOp.write(Objects.requireNonNull(path, "path"), data.clone()));
  }

  /** Moves the caller's own file {@code from} (in the target's directory) onto {@code path}. */
  public void replace(String from, String path) {
    submit(PendingOp.replace(Objects.requireNonNull(from, "from"), Objects.requireNonNull(path, "path")));
  }

  /** Deletes {@code path}; a missing file is success. */
  public void delete(String path) {
    submit(PendingOp.delete(Objects.requireNonNull(path, "path")));
  }

  /** True while writes go through the daemon. */
  public boolean connected() {
    CachedClient c = client;
    return c != null && c.isOpen();
  }

  /**
   * A barrier: every earlier operation is final (written by the daemon or in-process, dropped in
   * skip mode, or failed); returns their count and failures since the previous flush.
   *
   * @throws CachedException only when a living daemon does not answer within the timeout
   */
  public FlushResult flush() throws CachedException {
    FlushResult viaDaemon = null;
    CachedClient c = usable();
    if (c != null) {
      long mark;
      CompletableFuture<FlushResult> answer;
      try {
        synchronized (sendMonitor) {
          mark = unconfirmed.mark();
          answer = c.flushAsync();
        }
        viaDaemon = c.await(answer);
        unconfirmed.confirmedBelow(mark);
      } catch (CachedException e) {
        if (!(e instanceof CachedUnavailableException) && !gone(e)) {
          throw e;
        }
        lost(c, e.getMessage());
      }
    }
    FlushResult local = fallback.drain();
    if (viaDaemon == null) {
      return local;
    }
    List<Failure> all = new ArrayList<>(viaDaemon.failed());
    all.addAll(local.failed());
    return new FlushResult(viaDaemon.done() + local.done(), all);
  }

  /** Closes the connection; if it had broken, first redoes the unconfirmed operations in-process. */
  @Override
  public void close() {
    closed = true;
    CachedClient c = usable();
    if (c != null) {
      c.close();
    }
  }

  private void submit(PendingOp op) {
    if (closed) {
      throw new IllegalStateException("CacheWriter for " + o.root + " is closed");
    }
    while (true) {
      CachedClient c = usable();
      if (c != null) {
        send(c, op);
        return;
      }
      maybeReconnect();
      switchLock.readLock().lock();
      try {
        if (client == null) {
          fallback.apply(op, false);
          return;
        }
      } finally {
        switchLock.readLock().unlock();
      }
    }
  }

  /** The current client, after switching away from one that is known to be gone. */
  private CachedClient usable() {
    CachedClient c = client;
    while (c != null && (!c.isOpen() || condemned.get() == c)) {
      lost(c, "the connection to the daemon broke");
      c = client;
    }
    return c;
  }

  private void send(CachedClient c, PendingOp op) {
    long seq;
    CompletableFuture<ObjectNode> answer;
    synchronized (sendMonitor) {
      seq = unconfirmed.record(op);
      try {
        answer = switch (op.kind()) {
          case WRITE -> c.write(op.path(), op.data());
          case DELETE -> c.delete(op.path());
          case REPLACE -> c.replace(op.from(), op.path());
        };
      } catch (CachedUnavailableException e) {
        answer = null;
      } catch (CachedException e) {
        // refused before sending (larger than the daemon's maxPayload): the caller still wants it written
        answer = CompletableFuture.failedFuture(e);
      }
    }
    if (answer == null) {
      lost(c, "send failed");
      redoIfStillMine(op.path(), seq);
      return;
    }
    long s = seq;
    answer.whenComplete((a, t) -> answered(c, op, s, t));
  }

  /** Paths with an operation not yet known to be final (what a broken connection would redo). */
  int unconfirmedPaths() {
    return unconfirmed.size();
  }

  /** Runs on the client's reader thread (or the caller's, if already answered): no I/O, no waiting. */
  private void answered(CachedClient c, PendingOp op, long seq, Throwable t) {
    if (t == null) {
      unconfirmed.accepted(op.path(), seq);
      return;
    }
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof CachedUnavailableException || (cause instanceof CachedException && gone((CachedException) cause))) {
      condemned.set(c); // the next call switches and redoes what is unconfirmed
    } else if (cause instanceof CachedException && ((CachedException) cause).code() == ErrorCode.TOO_LARGE) {
      PendingOp mine = unconfirmed.remove(op.path(), seq);
      if (mine != null) {
        switchLock.readLock().lock();
        try {
          fallback.apply(mine, false);
        } finally {
          switchLock.readLock().unlock();
        }
      }
    } else {
      unconfirmed.remove(op.path(), seq); // refused: the daemon's flush reports it
    }
  }

  private static boolean gone(CachedException e) {
    return e.code() == ErrorCode.SHUTTING_DOWN || e.code() == ErrorCode.BUSY;
  }

  /** Switches from {@code c} to the fallback and redoes every unconfirmed op, once per client. */
  private void lost(CachedClient c, String why) {
    switchLock.writeLock().lock();
    try {
      if (client != c) {
        return;
      }
      client = null;
      lastAttempt = o.ticker.nanos();
      c.close();
      List<PendingOp> redo = unconfirmed.drain();
      reportFallback("the daemon on " + socket + " went away (" + why + "); redoing " + redo.size() + " unconfirmed operations");
      for (PendingOp op : redo) {
        fallback.apply(op, true);
      }
    } finally {
      switchLock.writeLock().unlock();
    }
  }

  /** After a failed send to a client another thread already left: redo this op unless a newer one replaced it. */
  private void redoIfStillMine(String path, long seq) {
    switchLock.writeLock().lock();
    try {
      PendingOp mine = unconfirmed.remove(path, seq);
      if (mine != null) {
        fallback.apply(mine, true);
      }
    } finally {
      switchLock.writeLock().unlock();
    }
  }

  private void maybeReconnect() {
    if (o.reconnectInterval.isNegative() || o.ticker.nanos() - lastAttempt < o.reconnectInterval.toNanos()) {
      return;
    }
    if (!switchLock.writeLock().tryLock()) {
      return; // another thread is switching or reconnecting
    }
    try {
      if (client != null || o.ticker.nanos() - lastAttempt < o.reconnectInterval.toNanos()) {
        return;
      }
      lastAttempt = o.ticker.nanos();
      Connector.Result r = connector.again();
      if (r.client() != null) {
        client = r.client();
        LOG.log(Level.INFO, "reconnected to the cached daemon on " + socket + "; writes go through it again");
      }
    } finally {
      switchLock.writeLock().unlock();
    }
  }

  private void reportFallback(String reason) {
    String what = fallback.mode() == FallbackMode.INLINE
        ? "cache writes go in-process (atomic replace, retries up to " + o.fallbackDeadline.toMillis() + " ms)"
        : "cache writes are dropped (CACHED_FALLBACK=skip)";
    String line = "cached: running without the daemon: " + reason + "; " + what;
    LOG.log(warned.compareAndSet(false, true) ? Level.WARNING : Level.INFO, line);
  }

  private static FallbackMode fallbackMode(CacheWriterOptions o) {
    if (o.fallback != null) {
      return o.fallback;
    }
    String env = o.env.get("CACHED_FALLBACK");
    if (env == null || env.isBlank()) {
      return FallbackMode.INLINE;
    }
    try {
      return FallbackMode.parse(env);
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, e.getMessage() + "; using inline");
      return FallbackMode.INLINE;
    }
  }
}
