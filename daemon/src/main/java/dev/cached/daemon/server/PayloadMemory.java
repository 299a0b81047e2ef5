package dev.cached.daemon.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * Where socket reads and payloads live: direct memory pooled in small chunks that go back to the
 * system once a burst is written. A daemon idles most of the day, so memory it took for a burst of
 * queued writes must not stay resident afterwards.
 *
 * <ul>
 *   <li>one direct arena of 256 KiB chunks (page 8 KiB, order 5): a chunk that empties is freed
 *       to the C heap, where the next chunk of the burst reuses it (no fresh mapping, so no page
 *       faults); once the daemon has been quiet for a few seconds, {@code HeapTrim} has the JVM
 *       {@code malloc_trim} what the bursts left free;
 *   <li>no per-thread caches: buffers are allocated on the socket thread and freed on writer
 *       threads, so a cache would only park memory where it is never reused;
 *   <li>no heap arenas: the daemon allocates no pooled heap buffers.
 * </ul>
 *
 * <p>Concurrency: the allocator is thread-safe.
 */
final class PayloadMemory {
  private static final int PAGE_SIZE = 8192;
  private static final int MAX_ORDER = 5; // chunk = 8 KiB << 5 = 256 KiB

  static final ByteBufAllocator ALLOCATOR =
      new PooledByteBufAllocator(true, 0, 1, PAGE_SIZE, MAX_ORDER, 0, 0, false);

  private PayloadMemory() {}
}
