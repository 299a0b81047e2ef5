package dev.cached.daemon.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.daemon.write.Outcome;
import dev.cached.daemon.write.WriteOp;
import dev.cached.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a connection's next flush answer reports: how many of its ops became final since the last
 * one, and which queued ops failed (a queued op has no answer of its own to carry its failure).
 *
 * <p>Concurrency: thread-safe; ops end on writer threads, flushes answer on any thread.
 */
final class SinceFlush {
  private final AtomicLong done = new AtomicLong();
  @GuardedBy("failures")
  private final List<ObjectNode> failures = new ArrayList<>();

  /** Counts an op that became final; a failed queued op ({@code keepFailure}) is kept for the report. */
  void finished(WriteOp op, Outcome outcome, boolean keepFailure) {
    done.incrementAndGet();
    if (keepFailure && outcome.failed()) {
      ObjectNode f = Json.object();
      f.put("path", op.path());
      f.put("op", op.opName());
      f.put("code", outcome.code().name());
      f.put("message", outcome.message());
      synchronized (failures) {
        failures.add(f);
      }
    }
  }

  /** Puts {@code done} and {@code failed} into a flush answer and starts the next period. */
  void reportInto(ObjectNode answer) {
    answer.put("done", done.getAndSet(0));
    ArrayNode failed = answer.putArray("failed");
    synchronized (failures) {
      failed.addAll(failures);
      failures.clear();
    }
  }
}
