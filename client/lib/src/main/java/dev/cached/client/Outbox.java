package dev.cached.client;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The frames a client has handed over and its sender thread has not yet written to the socket.
 * Callers enqueue and return (no system call per write); the {@code cached-client-sender} thread
 * drains everything queued at once in one gathering write, so a burst of small writes costs a few
 * system calls instead of one each. Bounded by bytes: a caller waits while more than {@code
 * maxBytes} are queued (backpressure, as the daemon's own cap).
 *
 * <p>Concurrency: every field is guarded by the instance monitor; the socket is written only by the
 * sender thread.
 */
final class Outbox {
  private static final int MAX_BATCH_BUFFERS = 1024;
  private static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;
  /**
   * The sender copies frames into this direct buffer and writes it whole. A gathering write of
   * heap buffers would make the JDK copy every buffer of the batch into a temporary direct buffer
   * on each call, though the socket takes only a few hundred KiB per call: for large payloads the
   * same bytes were copied many times over.
   */
  private static final int STAGING_BYTES = 256 * 1024;

  private final SocketChannel channel;
  private final long maxBytes;
  private final Consumer<IOException> onFailure;
  private final Thread sender;
  /** Owned by the sender thread. */
  private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
  @GuardedBy("this")
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  @GuardedBy("this")
  private long queuedBytes;
  /** Bytes taken by the sender and not yet written. */
  @GuardedBy("this")
  private long inFlight;
  @GuardedBy("this")
  private boolean closed;

  Outbox(SocketChannel channel, long maxBytes, Consumer<IOException> onFailure) {
    this.channel = channel;
    this.maxBytes = maxBytes;
    this.onFailure = onFailure;
    this.sender = new Thread(this::run, "cached-client-sender");
    sender.setDaemon(true);
    sender.start();
  }

  /**
   * Queues one frame, built by {@code frame} under the queue's lock (so an id it assigns follows
   * the order frames reach the socket). Waits while the queue is over its byte bound.
   *
   * @throws IOException when the outbox is closed
   */
  synchronized void put(Supplier<ByteBuffer[]> frame) throws IOException, InterruptedException {
    while (queuedBytes > maxBytes && !closed) {
      wait();
    }
    if (closed) {
      throw new IOException("connection closed");
    }
    boolean wasEmpty = queue.isEmpty();
    for (ByteBuffer b : frame.get()) {
      queue.add(b);
      queuedBytes += b.remaining();
    }
    if (wasEmpty) {
      notifyAll(); // the sender may be idle
    }
  }

  /** Waits until everything queued so far is written, up to {@code millis}; returns whether it was. */
  synchronized boolean drain(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while ((queuedBytes > 0 || inFlight > 0) && !closed) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return queuedBytes == 0 && inFlight == 0;
  }

  /** Stops the sender; frames still queued are dropped. */
  synchronized void close() {
    closed = true;
    queue.clear();
    notifyAll();
  }

  private void run() {
    List<ByteBuffer> batch = new ArrayList<>();
    try {
      while (true) {
        long bytes = 0;
        synchronized (this) {
          while (queue.isEmpty() && !closed) {
            wait();
          }
          if (closed) {
            return;
          }
          while (!queue.isEmpty() && batch.size() < MAX_BATCH_BUFFERS && bytes < MAX_BATCH_BYTES) {
            ByteBuffer b = queue.poll();
            bytes += b.remaining();
            batch.add(b);
          }
          queuedBytes -= bytes;
          inFlight = bytes;
          notifyAll(); // room for waiting callers
        }
        for (ByteBuffer b : batch) {
          while (b.hasRemaining()) {
            int n = Math.min(staging.remaining(), b.remaining());
            staging.put(staging.position(), b, b.position(), n);
            staging.position(staging.position() + n);
            b.position(b.position() + n);
            if (!staging.hasRemaining()) {
              writeStaged();
            }
          }
        }
        writeStaged();
        batch.clear();
        synchronized (this) {
          inFlight = 0;
          notifyAll();
        }
      }
    } catch (IOException e) {
      close();
      onFailure.accept(e);
    } catch (InterruptedException e) {
      close();
    }
  }

  private void writeStaged() throws IOException {
    staging.flip();
    while (staging.hasRemaining()) {
      channel.write(staging);
    }
    staging.clear();
  }
}
