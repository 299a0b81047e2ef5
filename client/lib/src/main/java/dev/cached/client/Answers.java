package dev.cached.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.Response;
import dev.cached.protocol.Responses;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.cached.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;

/**
 * The requests of one connection that await their answer, by id, and the refusals of queued
 * requests since the last flush. Each answer frees one permit of the connection's window (its
 * bound on unanswered requests).
 *
 * <p>Concurrency: thread-safe; senders add requests, the reader thread completes them.
 */
final class Answers {
  private record Pending(String op, String path, CompletableFuture<ObjectNode> answer) {}

  private final Semaphore window;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  /**
   * Queued requests on a connection with batched acknowledgements, by id (ids grow in send order):
   * a {@code through} answer completes every one up to its id; a refusal still comes by id.
   */
  private final ConcurrentNavigableMap<Long, Pending> queued = new ConcurrentSkipListMap<>();
  /** Refused queued requests since the last flush. */
  @GuardedBy("failures")
  private final List<Failure> failures = new ArrayList<>();

  Answers(Semaphore window) {
    this.window = window;
  }

  /**
   * Registers request {@code id}; {@code answer} completes when its answer comes. {@code
   * batched}: a queued request on a connection with batched acknowledgements, which a {@code
   * through} answer may complete.
   */
  void expect(long id, String op, String path, CompletableFuture<ObjectNode> answer, boolean batched) {
    (batched ? queued : pending).put(id, new Pending(op, path, answer));
  }

  /** Completes every batched queued request up to and including {@code through} with {@code answer}. */
  void completeThrough(long through, ObjectNode answer) {
    Map<Long, Pending> covered = queued.headMap(through, true);
    for (Map.Entry<Long, Pending> e : covered.entrySet()) {
      if (covered.remove(e.getKey()) != null) {
        window.release();
        e.getValue().answer.complete(answer);
      }
    }
  }

  /** Completes the request that {@code answer} is for; an error answer to a path is kept for the next flush. */
  void complete(long id, ObjectNode answer) {
    Pending p = pending.remove(id);
    if (p == null) {
      p = queued.remove(id);
    }
    if (p == null) {
      return;
    }
    window.release();
    Response.Refused refused = Responses.refusal(answer);
    if (refused == null) {
      p.answer.complete(answer);
      return;
    }
    if (p.path != null) {
      synchronized (failures) {
        failures.add(new Failure(p.path, p.op, refused.code(), refused.message()));
      }
    }
    p.answer.completeExceptionally(new CachedException(refused.code(), refused.message()));
  }

  /** A flush's answer, with the refusals this client saw since the previous flush. */
  FlushResult flushResult(ObjectNode answer) {
    List<Failure> failed;
    synchronized (failures) {
      failed = new ArrayList<>(failures);
      failures.clear();
    }
    Response.Flushed flushed = Responses.flushed(answer);
    for (Response.Failed f : flushed.failed()) {
      failed.add(new Failure(f.path(), f.op(), f.code(), f.message()));
    }
    return new FlushResult(flushed.done(), failed);
  }

  /** Fails every request still waiting with {@code e}. */
  void failAll(CachedException e) {
    for (Map<Long, Pending> m : List.of(pending, queued)) {
      for (Long id : new ArrayList<>(m.keySet())) {
        Pending p = m.remove(id);
        if (p != null) {
          p.answer.completeExceptionally(e);
        }
      }
    }
  }
}
