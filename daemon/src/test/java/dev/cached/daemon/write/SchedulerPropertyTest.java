package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.emulation.Call;
import dev.cached.fs.emulation.Scanner;
import dev.cached.fs.emulation.SharingEmulation;
import dev.cached.fs.emulation.Violation;
import dev.cached.fs.RetryPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of writes, deletes, flushes, scanner holds, hard faults, writer steps and
 * clock moves over a few paths and connections (some ordered), checked against the scheduler's
 * invariants. Everything runs on the test's thread on fakes: no thread sleeps, and a run is fully
 * determined by its seed.
 *
 * <p>Replay a failure with {@code -Dcached.property.seed=<seed> -Dcached.property.runs=1}.
 */
class SchedulerPropertyTest {
  private static final int RUNS = Integer.getInteger("cached.property.runs", 12);
  private static final int OPS_PER_RUN = Integer.getInteger("cached.property.ops", 600);
  private static final Violation[] VIOLATIONS = Violation.values();

  /** One accepted op as the model sees it. */
  private record Sent(int index, int conn, String path, String content, WriteOp op) {}

  @Test
  void randomInterleavingsKeepEveryInvariant() {
    long base = Long.getLong("cached.property.seed", System.nanoTime());
    for (int run = 0; run < RUNS; run++) {
      long seed = base + run;
      try {
        new Run(seed).go();
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("seed " + seed + " (replay: -Dcached.property.seed=" + seed
            + " -Dcached.property.runs=1): " + e.getMessage(), e);
      }
    }
  }

  private static final class Run {
    final SplittableRandom random;
    final Rig rig;
    final String[] paths = {"d0/a", "d0/b", "d0/c", "d1/a", "d1/b", "d2/x"};
    final boolean[] ordered;
    final List<CompletableFuture<?>> chains = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();
    /** Applied ops (written or deleted), in the order they became final. */
    final List<Sent> applied = new ArrayList<>();
    final List<String> violations = new ArrayList<>();

    Run(long seed) {
      random = new SplittableRandom(seed);
      Duration deadline = random.nextBoolean() ? Duration.ofSeconds(60) : Duration.ofMillis(300);
      rig = new Rig(new RetryPolicy(Duration.ofMillis(2), 2.0, Duration.ofMillis(100), deadline),
          new Breakers(3, Duration.ofMillis(50), Duration.ofMillis(400)));
      SplittableRandom scan = random.split();
      rig.fs.scanner(new Scanner() {
        @Override
        public void created(SharingEmulation fs, Path file) {
          if (scan.nextInt(20) == 0) { // a scanner opens a fresh temp to look at it
            fs.hold(file, Duration.ofMillis(scan.nextInt(1, 200)), VIOLATIONS[scan.nextInt(VIOLATIONS.length)]);
          }
        }
      });
      int conns = random.nextInt(1, 5);
      ordered = new boolean[conns];
      for (int c = 0; c < conns; c++) {
        ordered[c] = random.nextBoolean();
        chains.add(CompletableFuture.completedFuture(null));
      }
    }

    void go() {
      for (int i = 0; i < OPS_PER_RUN; i++) {
        step();
      }
      rig.drain(Duration.ofMinutes(10));
      rig.time.advance(Duration.ofSeconds(1)); // every hold has ended
      rig.lazy.retry();
      check();
    }

    void step() {
      int roll = random.nextInt(100);
      if (roll < 35) {
        submit(WriteOp.Kind.WRITE);
      } else if (roll < 45) {
        submit(WriteOp.Kind.DELETE);
      } else if (roll < 55) {
        Path target = Rig.ROOT.resolve(paths[random.nextInt(paths.length)]);
        rig.fs.hold(target, Duration.ofMillis(random.nextInt(1, 400)), VIOLATIONS[random.nextInt(VIOLATIONS.length)]);
      } else if (roll < 58) {
        flush(random.nextInt(ordered.length));
      } else if (roll < 59) {
        String dir = "d" + random.nextInt(3);
        rig.fs.scheduleThrow(Call.WRITE_NEW, rig.fs.calls(Call.WRITE_NEW) + 1 + random.nextInt(3),
            new IOException("No space left on device (" + dir + ")"));
      } else if (roll < 80) {
        for (int k = random.nextInt(1, 6); k > 0; k--) {
          rig.writers.runRandom(random);
        }
      } else {
        rig.time.advance(Duration.ofMillis(random.nextInt(0, 40)));
      }
    }

    void submit(WriteOp.Kind kind) {
      int conn = random.nextInt(ordered.length);
      String path = paths[random.nextInt(paths.length)];
      int index = sent.size();
      String content = kind == WriteOp.Kind.WRITE ? "op" + index + ":" + "x".repeat(random.nextInt(0, 20)) : null;
      CompletableFuture<?> gate = ordered[conn] ? chains.get(conn) : null;
      WriteOp op = rig.submit(kind, Rig.ROOT, path,
          content == null ? null : content.getBytes(StandardCharsets.UTF_8), gate);
      if (ordered[conn]) {
        chains.set(conn, op.chain());
      }
      Sent s = new Sent(index, conn, path, content, op);
      sent.add(s);
      op.done().whenComplete((o, t) -> {
        boolean visible = o.kind() == Outcome.Kind.WRITTEN || o.kind() == Outcome.Kind.DELETED;
        if (visible) {
          applied.add(s);
        }
        if (visible && ordered[conn] && violations.size() < 10) { // a superseded op is never visible, so it may end early
          for (Sent earlier : sent) {
            if (earlier.conn() == conn && earlier.index() < index && !earlier.op().done().isDone()) {
              violations.add("ordered connection " + conn + ": op " + index + " final before op " + earlier.index());
            }
          }
        }
      });
    }

    /** A flush is a barrier over the connection's earlier ops; it must come within bounded time. */
    void flush(int conn) {
      List<WriteOp> mine = sent.stream().filter(s -> s.conn() == conn).map(Sent::op).toList();
      for (int i = 0; i < 100_000 && !mine.stream().allMatch(op -> op.done().isDone()); i++) {
        rig.advanceMillis(5);
      }
      assertTrue(mine.stream().allMatch(op -> op.done().isDone()), "flush of connection " + conn + " never completed");
    }

    void check() {
      assertEquals(List.of(), violations);
      assertEquals(0, rig.scheduler.outstandingCount());
      assertEquals(0, rig.pending.bytes(), "pending bytes return to zero");
      Map<String, List<Sent>> byPath = new HashMap<>();
      for (Sent s : sent) {
        assertTrue(s.op().done().isDone(), "op " + s.index() + " never became final");
        byPath.computeIfAbsent(s.path(), p -> new ArrayList<>()).add(s);
      }
      for (Map.Entry<String, List<Sent>> e : byPath.entrySet()) {
        String path = e.getKey();
        List<Sent> ops = e.getValue();
        Sent last = ops.get(ops.size() - 1);
        assertNotEquals(Outcome.Kind.SUPERSEDED, last.op().done().join().kind(),
            path + ": the last accepted op was superseded by nothing");
        List<Sent> appliedHere = applied.stream().filter(s -> s.path().equals(path)).toList();
        for (int i = 1; i < appliedHere.size(); i++) {
          assertTrue(appliedHere.get(i - 1).index() < appliedHere.get(i).index(),
              path + ": op " + appliedHere.get(i).index() + " applied before op " + appliedHere.get(i - 1).index());
        }
        List<String> journalled = rig.disk.journal().stream()
            .filter(c -> c.path().equals(Rig.ROOT.resolve(path)) && c.content() != null)
            .map(c -> new String(c.content(), StandardCharsets.UTF_8)).toList();
        List<String> appliedWrites = appliedHere.stream().filter(s -> s.content() != null).map(Sent::content).toList();
        assertEquals(appliedWrites, journalled, path + ": the bytes that landed are exactly the written ops'");
        String expected = appliedHere.isEmpty() ? null : appliedHere.get(appliedHere.size() - 1).content();
        byte[] actual = rig.disk.read(Rig.ROOT.resolve(path));
        assertEquals(expected, actual == null ? null : new String(actual, StandardCharsets.UTF_8), path + ": final content");
        for (Sent s : ops) {
          if (s.index() > (appliedHere.isEmpty() ? -1 : appliedHere.get(appliedHere.size() - 1).index())) {
            assertTrue(s.op().done().join().kind() != Outcome.Kind.WRITTEN && s.op().done().join().kind() != Outcome.Kind.DELETED);
          }
        }
      }
      assertEquals(List.of(), rig.disk.temps(), "temps on disk after drain");
      assertEquals(List.of(), rig.fs.leakedTemps(), "temps the emulation saw created and never removed");
      assertEquals(0, rig.lazy.size());
      assertEquals(0, rig.time.scheduled(), "no timer left behind");
      long written = rig.count("written");
      long deleted = rig.count("deleted");
      long overtaken = rig.count("coalesced") + rig.count("superseded");
      assertEquals(sent.size(), written + deleted + overtaken + rig.count("failed"), "every op counted once");
    }
  }
}
