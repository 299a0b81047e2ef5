package dev.cached.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Incremental decoder of protocol v1 frames from a byte stream, fed in chunks of any size.
 *
 * <pre>
 * +----------------+---------------------------+------------------------+
 * | u32 BE length N| N bytes UTF-8 JSON object | header.size bytes      |
 * | 00 00 00 2B    | {"op":"write","size":5,..}| h e l l o              |
 * +----------------+---------------------------+------------------------+
 * </pre>
 *
 * <p>Limits are checked before allocation ({@link HeaderReader}). The payload buffer grows with
 * the bytes that actually arrive (doubling from 64 KiB), so
 * a peer that declares a large size and then stalls holds at most twice what it sent.
 *
 * <p>Every failure is a {@link ProtocolException} with {@link ProtocolException#fatal()} true: after
 * it, the stream position is unknown and the decoder must not be fed again.
 *
 * <p>Concurrency: not thread-safe; one decoder per connection, used by one thread at a time.
 */
public final class FrameDecoder {
  private static final int FIRST_PAYLOAD_CHUNK = 64 * 1024;

  private final HeaderReader headers;
  private ObjectNode header;
  private byte[] payload;
  private int payloadSize;
  private int payloadFilled;
  private boolean broken;

  public FrameDecoder(int maxHeader, long maxPayload) {
    this.headers = new HeaderReader(maxHeader, maxPayload);
  }

  /** True when the decoder holds part of a frame (some bytes in, frame not complete). */
  public boolean midFrame() {
    return headers.midHeader() || header != null;
  }

  /** Bytes held in buffers for the frame in progress (header and payload arrays); for tests of the bounds. */
  long bufferedCapacity() {
    return headers.bufferedCapacity() + (payload == null ? 0 : payload.length);
  }

  /**
   * Consumes bytes from {@code in} until one frame is complete or {@code in} is empty.
   *
   * @return the next complete frame, or null when more bytes are needed
   * @throws ProtocolException (always fatal) when the bytes cannot be a valid frame
   */
  public Frame decode(ByteBuffer in) throws ProtocolException {
    if (broken) {
      throw ProtocolException.fatal(ErrorCode.BAD_FRAME, "decoder already failed; stream unusable");
    }
    try {
      return step(in);
    } catch (ProtocolException e) {
      broken = true;
      throw e;
    }
  }

  private Frame step(ByteBuffer in) throws ProtocolException {
    if (header == null) {
      header = headers.read(in);
      if (header == null) {
        return null;
      }
      payloadSize = headers.payloadSize();
      payload = new byte[Math.min(payloadSize, FIRST_PAYLOAD_CHUNK)];
      payloadFilled = 0;
    }
    int n = Math.min(in.remaining(), payloadSize - payloadFilled);
    if (payloadFilled + n > payload.length) {
      int grown = (int) Math.min((long) payloadSize, Math.max((long) payload.length * 2, payloadFilled + n));
      payload = Arrays.copyOf(payload, grown);
    }
    in.get(payload, payloadFilled, n);
    payloadFilled += n;
    if (payloadFilled < payloadSize) {
      return null;
    }
    Frame frame = new Frame(header, payload);
    header = null;
    payload = null;
    return frame;
  }
}
