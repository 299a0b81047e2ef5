package dev.cached.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.cli.ClientTransport;
import dev.cached.client.CachedClient;
import dev.cached.client.FlushResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Via the daemon: each client thread has its own connection and hands over its writes pipelined
 * ({@code ack: queued}). Measures the caller time (until the client's last ack), per-write ack
 * latency, and the completion time (until a flush on every connection returned).
 */
final class CachedRunner {
  private CachedRunner() {}

  /** Whether the clients ask for batched acknowledgements ({@code cached bench --acks}); set before a run. */
  static volatile boolean batchAcks = true;

  private static CachedClient connect(Path socket, Path root) throws Exception {
    return CachedClient.connect(ClientTransport.options(socket, "cached-bench").root(root).batchAcks(batchAcks));
  }

  /**
   * What one run measured. {@code clientCpuNanos}: the client threads' CPU time over the run (the
   * callers and the client library's sender and reader threads, see {@link #clientCpuNanos()}), or
   * -1. {@code cores}: the CPU time of the benchmark's JVM and the daemon's process from the start
   * until every flush returned, over that time ({@link Cores}), or -1. {@code drainMillis}: for a
   * scenario with its writers held, from the release of the hold to the last flush's return, else -1.
   */
  record Timing(
      double callerMillis, double completionMillis, Histogram ackMicros, long clientCpuNanos, double cores, double drainMillis) {}

  /**
   * The CPU time so far of the client threads: the callers ({@code cached-bench-client}) and the
   * client library's sender and reader threads ({@code cached-client-*}); not the JVM's compiler
   * or collector threads. -1 where the JVM cannot tell.
   */
  static long clientCpuNanos() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    if (!mx.isThreadCpuTimeSupported()) {
      return -1;
    }
    long sum = 0;
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && (t.getThreadName().startsWith("cached-bench-client") || t.getThreadName().startsWith("cached-client-"))) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  /**
   * Closed-loop ack latency: each of {@code clients} connections sends one write at a time and
   * waits for its ack before the next, so no write queues behind another of its own connection.
   * {@code held}: the daemon's writers are held until every client sent its last write (the
   * hand-over alone, no writer on the CPU); each client's writes cycle over 100 paths, so what is
   * held stays small.
   */
  static Histogram roundTrips(Path root, Path socket, int clients, int each, int size, boolean held) throws Exception {
    Recorder acks = new Recorder(3);
    ExecutorService pool = Executors.newFixedThreadPool(clients, r -> new Thread(r, "cached-bench-rtt"));
    CountDownLatch looped = new CountDownLatch(clients);
    try (HeldWriters hold = held ? HeldWriters.hold(socket) : null) {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        done.add(pool.submit(() -> {
          byte[] data = Payloads.of(size, client);
          boolean counted = false;
          try (CachedClient cc = connect(socket, root)) {
            for (int i = 0; i < each; i++) {
              long t = System.nanoTime();
              cc.write("rtt" + client + "/" + (i % 100), data).join();
              acks.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
            }
            looped.countDown();
            counted = true;
            cc.flush(); // held: returns once the hold below ends
          } finally {
            if (!counted) {
              looped.countDown(); // a client that failed does not keep the hold
            }
          }
          return null;
        }));
      }
      if (hold != null) {
        looped.await();
        hold.release();
      }
      for (Future<?> f : done) {
        f.get();
      }
      return acks.getIntervalHistogram();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs the scenario against the daemon at {@code socket}, whose process is {@code daemonPid} (or -1). */
  static Timing run(Scenario s, Path root, Path socket, long daemonPid) throws Exception {
    Recorder acks = new Recorder(3);
    ExecutorService pool = Executors.newFixedThreadPool(s.clients(), r -> new Thread(r, "cached-bench-client"));
    List<CachedClient> clients = new ArrayList<>();
    CountDownLatch callersDone = new CountDownLatch(s.clients());
    CountDownLatch released = new CountDownLatch(1);
    HeldWriters hold = null;
    try {
      for (int c = 0; c < s.clients(); c++) {
        clients.add(connect(socket, root));
      }
      if (s.held()) {
        hold = HeldWriters.hold(socket);
      } else {
        released.countDown();
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<long[]>> done = new ArrayList<>();
      long[] start = new long[1];
      for (int c = 0; c < s.clients(); c++) {
        int client = c;
        CachedClient cc = clients.get(c);
        done.add(pool.submit(() -> {
          byte[] data = Payloads.of(s.size(), client);
          go.await();
          CompletableFuture<ObjectNode> last = null;
          for (int i = 0; i < s.writes(); i++) {
            long t = System.nanoTime();
            last = cc.write(s.path(client, i), data);
            last.whenComplete((a, e) -> acks.recordValue(Math.max(1, (System.nanoTime() - t) / 1000)));
          }
          last.join();
          long caller = System.nanoTime();
          callersDone.countDown();
          released.await();
          FlushResult f = cc.flush();
          if (!f.ok()) {
            throw new IllegalStateException("bench writes failed: " + f.failed());
          }
          return new long[] {caller, System.nanoTime()};
        }));
      }
      long cpuBefore = clientCpuNanos();
      long benchBefore = Cores.bench();
      long daemonBefore = Cores.process(daemonPid);
      start[0] = System.nanoTime();
      go.countDown();
      if (hold != null) {
        awaitCallers(callersDone, done);
        hold.release();
        released.countDown();
      }
      long callerEnd = 0;
      long completionEnd = 0;
      for (Future<long[]> f : done) {
        long[] t = f.get();
        callerEnd = Math.max(callerEnd, t[0]);
        completionEnd = Math.max(completionEnd, t[1]);
      }
      long cpuAfter = clientCpuNanos();
      long bench = Cores.delta(benchBefore, Cores.bench());
      long daemon = Cores.delta(daemonBefore, Cores.process(daemonPid));
      double completion = (completionEnd - start[0]) / 1e6;
      return new Timing((callerEnd - start[0]) / 1e6, completion, acks.getIntervalHistogram(),
          cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore,
          Cores.of(bench < 0 || daemon < 0 ? -1 : bench + daemon, completion),
          hold == null ? -1 : (completionEnd - hold.releasedAt()) / 1e6);
    } finally {
      released.countDown();
      if (hold != null) {
        hold.close();
      }
      for (CachedClient c : clients) {
        c.close();
      }
      pool.shutdownNow();
    }
  }

  /** Waits until every caller had its last ack, or one of them failed (its future then reports it). */
  private static void awaitCallers(CountDownLatch callersDone, List<Future<long[]>> done) throws InterruptedException {
    while (!callersDone.await(100, TimeUnit.MILLISECONDS)) {
      if (done.stream().anyMatch(Future::isDone)) {
        return;
      }
    }
  }
}
