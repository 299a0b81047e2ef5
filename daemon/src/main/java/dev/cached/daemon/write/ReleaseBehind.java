package dev.cached.daemon.write;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the old versions of replaced and deleted files off the writer thread. The writer opens the
 * file it is about to replace ({@link dev.cached.fs.FileOps#retain}), replaces it, and hands the
 * handle here; closing it is what frees the old storage, which on ext4 mounted with {@code discard}
 * waits for the device (about half of a 4 KiB write's time on the machine cached was measured on).
 * The writer goes on with the next write meanwhile, and the releasing threads wait for the device
 * in parallel, as several callers writing directly would.
 *
 * <p>Readers are not affected: the replace is complete, and visible, before the handle arrives here.
 *
 * <p>Bounded: at most {@code capacity} handles wait. When the queue is full, or after {@link
 * #close()}, the writer closes the handle itself: what every write cost before this existed.
 *
 * <p>Concurrency: {@link #later} and {@link #releaseAll} from any thread; the releasing threads are
 * named {@code cached-release-N} and take handles from one queue.
 */
public final class ReleaseBehind implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseBehind.class);

  private record Held(Path path, Closeable handle) {}

  private final BlockingQueue<Held> queue;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  /** {@code threads} releasing threads (0: every handle is closed by the caller of {@link #later}). */
  public ReleaseBehind(int threads, int capacity) {
    this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
    for (int i = 1; i <= threads; i++) {
      Thread t = new Thread(this::loop, "cached-release-" + i);
      t.setDaemon(true); // the kernel closes what is left if the JVM exits without close()
      t.start();
      this.threads.add(t);
    }
  }

  /** Closes {@code handle}, which kept {@code path}'s old version, soon; null is nothing to do. */
  public void later(Path path, Closeable handle) {
    if (handle == null) {
      return;
    }
    Held h = new Held(path, handle);
    if (threads.isEmpty() || closed || !queue.offer(h)) {
      release(h);
    }
  }

  /**
   * Closes every waiting handle now, on the calling thread: before a write that failed is retried
   * (the space they hold may be what it lacked), and at shutdown. Returns how many it closed.
   */
  int releaseAll() {
    int n = 0;
    for (Held h = queue.poll(); h != null; h = queue.poll()) {
      release(h);
      n++;
    }
    return n;
  }

  /** Handles waiting to be closed. */
  int waiting() {
    return queue.size();
  }

  /** Stops the releasing threads and closes what still waits. */
  @Override
  public void close() {
    closed = true;
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    releaseAll();
  }

  private void loop() {
    try {
      while (!closed) {
        release(queue.take());
      }
    } catch (InterruptedException e) {
      // close(): the closing thread releases what is left
    }
  }

  private static void release(Held h) {
    try {
      h.handle().close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("release: closing the old version of {} failed: {}", h.path(), e.toString());
    }
  }
}
