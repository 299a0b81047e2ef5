package dev.cached.daemon.write;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The bytes of one write, held where the socket put them (direct, reference-counted Netty buffers,
 * off the Java heap) until the op no longer needs them. Keeping payloads off the heap means a burst
 * of queued writes is never copied by the garbage collector and is given back the moment each op
 * has written its temp.
 *
 * <p>Concurrency: {@link #release} may be called from any thread, any number of times; the bytes
 * are read by one writer thread at a time (the op's lane runs one step at a time).
 */
public final class Payload {
  /** No bytes. */
  public static final Payload EMPTY = new Payload(Unpooled.EMPTY_BUFFER);

  private static final AtomicIntegerFieldUpdater<Payload> RELEASED =
      AtomicIntegerFieldUpdater.newUpdater(Payload.class, "released");

  private final ByteBuf buf;
  private final int size;
  /** 1 once released; a field updater, not an AtomicBoolean: one object less per queued write. */
  private volatile int released;
  private volatile boolean handedOver;

  private Payload(ByteBuf buf) {
    this.buf = buf;
    this.size = buf.readableBytes();
  }

  /** Takes over one reference to {@code buf}: {@link #release} gives it back. */
  public static Payload of(ByteBuf buf) {
    return buf == null ? EMPTY : new Payload(buf);
  }

  /** A payload on the heap (tests, and callers that already hold an array). */
  public static Payload of(byte[] data) {
    return new Payload(Unpooled.wrappedBuffer(data));
  }

  public int size() {
    return size;
  }

  /** Views of the bytes, in order, for a gathering write; valid until {@link #release}. */
  ByteBuffer[] buffers() {
    if (released != 0) {
      throw new IllegalStateException("payload of " + size + " bytes : released (expected: held until the temp is written)");
    }
    return buf.nioBuffers(buf.readerIndex(), size);
  }

  /** True once an accepted op owns the payload (it releases it); until then the receiver does. */
  public boolean handedOver() {
    return handedOver;
  }

  void handOver() {
    if (this != EMPTY) { // shared by every empty write: its flag would be every connection's
      handedOver = true;
    }
  }

  /** Gives the bytes back to their allocator; later calls do nothing. */
  public void release() {
    if (this != EMPTY && RELEASED.compareAndSet(this, 0, 1)) {
      buf.release();
    }
  }
}
