package dev.cached.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * <p>Limits are checked before allocation: the header length against {@code maxHeader} as soon as
 * its four bytes are in, the payload size against {@code maxPayload} as soon as the header is
 * parsed. The payload buffer grows with the bytes that actually arrive (doubling from 64 KiB), so
 * a peer that declares a large size and then stalls holds at most twice what it sent.
 *
 * <p>Every failure is a {@link ProtocolException} with {@link ProtocolException#fatal()} true: after
 * it, the stream position is unknown and the decoder must not be fed again.
 *
 * <p>Concurrency: not thread-safe; one decoder per connection, used by one thread at a time.
 */
public final class FrameDecoder {
  private static final int FIRST_PAYLOAD_CHUNK = 64 * 1024;

  private final int maxHeader;
  private final long maxPayload;

  private final ByteBuffer lengthBytes = ByteBuffer.allocate(Protocol.LENGTH_PREFIX);
  private byte[] headerBytes;
  private int headerFilled;
  private ObjectNode header;
  private byte[] payload;
  private int payloadSize;
  private int payloadFilled;
  private boolean broken;

  public FrameDecoder(int maxHeader, long maxPayload) {
    if (maxHeader < 1 || maxHeader > Protocol.MAX_HEADER) {
      throw new IllegalArgumentException(
          "maxHeader : " + maxHeader + " (expected: 1.." + Protocol.MAX_HEADER + ")");
    }
    if (maxPayload < 0 || maxPayload > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "maxPayload : " + maxPayload + " (expected: 0.." + (Integer.MAX_VALUE - 8) + ")");
    }
    this.maxHeader = maxHeader;
    this.maxPayload = maxPayload;
  }

  /** True when the decoder holds part of a frame (some bytes in, frame not complete). */
  public boolean midFrame() {
    return lengthBytes.position() > 0 || headerBytes != null || header != null;
  }

  /** Bytes held in buffers for the frame in progress (header and payload arrays); for tests of the bounds. */
  long bufferedCapacity() {
    return (headerBytes == null ? 0 : headerBytes.length) + (payload == null ? 0 : payload.length);
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
    if (header == null && headerBytes == null) {
      while (lengthBytes.hasRemaining() && in.hasRemaining()) {
        lengthBytes.put(in.get());
      }
      if (lengthBytes.hasRemaining()) {
        return null;
      }
      long length = Integer.toUnsignedLong(lengthBytes.getInt(0));
      if (length == 0) {
        throw ProtocolException.fatal(
            ErrorCode.BAD_FRAME, "header length : 0 (expected: 1.." + maxHeader + ")");
      }
      if (length > maxHeader) {
        throw ProtocolException.fatal(
            ErrorCode.TOO_LARGE, "header length : " + length + " (expected: 1.." + maxHeader + ")");
      }
      headerBytes = new byte[(int) length];
      headerFilled = 0;
    }
    if (header == null) {
      int n = Math.min(in.remaining(), headerBytes.length - headerFilled);
      in.get(headerBytes, headerFilled, n);
      headerFilled += n;
      if (headerFilled < headerBytes.length) {
        return null;
      }
      header = parseHeader(headerBytes);
      headerBytes = null;
      payloadSize = payloadSize(header);
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
    lengthBytes.clear();
    return frame;
  }

  private static ObjectNode parseHeader(byte[] bytes) throws ProtocolException {
    JsonNode node;
    try {
      node = Json.mapper().readTree(bytes);
    } catch (JacksonException e) {
      throw ProtocolException.fatal(
          ErrorCode.BAD_FRAME, "header is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw ProtocolException.fatal(ErrorCode.BAD_FRAME, "header unreadable: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw ProtocolException.fatal(
          ErrorCode.BAD_FRAME,
          "header is " + (node == null || node.isMissingNode() ? "empty" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
              + " (expected: a JSON object)");
    }
    return (ObjectNode) node;
  }

  private int payloadSize(ObjectNode h) throws ProtocolException {
    JsonNode size = h.get("size");
    if (size == null || size.isNull()) {
      return 0;
    }
    if (!size.isIntegralNumber() || !size.canConvertToLong()) {
      throw ProtocolException.fatal(
          ErrorCode.BAD_FRAME, "field 'size' : " + size + " (expected: an integer 0.." + maxPayload + ")");
    }
    long value = size.longValue();
    if (value < 0) {
      throw ProtocolException.fatal(
          ErrorCode.BAD_FRAME, "field 'size' : " + value + " (expected: 0.." + maxPayload + ")");
    }
    if (value > maxPayload) {
      throw ProtocolException.fatal(
          ErrorCode.TOO_LARGE, "field 'size' : " + value + " (expected: 0.." + maxPayload + ")");
    }
    return (int) value;
  }
}
