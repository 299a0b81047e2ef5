package dev.cached.daemon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.daemon.janitor.LazyDeleter;
import dev.cached.daemon.janitor.TempSweeper;
import dev.cached.daemon.write.PendingBytes;
import dev.cached.daemon.write.WriteOp;
import dev.cached.daemon.write.WriteScheduler;
import dev.cached.daemon.write.WriterHold;
import java.time.Instant;
import java.util.List;

/** The status fields about work: queue, retrying writes, breakers, lazy deletes, the last sweep. */
final class WorkStatus {
  private WorkStatus() {}

  static void put(
      ObjectNode s, long now, WriteScheduler scheduler, PendingBytes pendingBytes, WriterHold hold, LazyDeleter lazy,
      TempSweeper.Result sweep) {
      List<WriteOp> pending = scheduler.outstanding();
      ObjectNode q = s.putObject("queue");
      q.put("ops", pending.size());
      q.put("bytes", pendingBytes.bytes());
      q.put("oldestAgeMillis", pending.stream().mapToLong(op -> now - op.acceptedNanos()).max().orElse(0) / 1_000_000);
      q.put("readingPaused", pendingBytes.paused());
      q.put("heldMillis", hold.remainingMillis());
      ArrayNode retrying = s.putArray("retrying");
      scheduler.retrying().stream().limit(20).forEach(r -> {
        ObjectNode n = retrying.addObject();
        n.put("path", r.path());
        n.put("op", r.op());
        n.put("attempts", r.attempts());
        n.put("ageMillis", r.ageNanos() / 1_000_000);
        n.put("lastError", r.lastError());
      });
      ArrayNode breakers = s.putArray("breakers");
      scheduler.breakers().open(now).forEach(b -> {
        ObjectNode n = breakers.addObject();
        n.put("directory", b.directory().toString());
        n.put("failures", b.failures());
        n.put("reason", b.reason());
        n.put("openMillis", b.openForNanos() / 1_000_000);
        n.put("nextProbeMillis", b.nextProbeInNanos() / 1_000_000);
      });
      ObjectNode lz = s.putObject("lazyDelete");
      lz.put("pending", lazy.size());
      lz.put("removed", lazy.removed());
      ArrayNode lzPaths = lz.putArray("paths");
      lazy.snapshot().entrySet().stream().limit(20).forEach(e -> {
        ObjectNode n = lzPaths.addObject();
        n.put("path", e.getKey().toString());
        n.put("lastError", e.getValue());
      });
      ObjectNode sw = s.putObject("lastSweep");
      if (sweep != null) {
        sw.put("at", Instant.ofEpochMilli(sweep.finishedAtMillis()).toString());
        sw.put("roots", sweep.roots());
        sw.put("removed", sweep.removed());
        sw.put("failed", sweep.failed());
      }
  }
}
