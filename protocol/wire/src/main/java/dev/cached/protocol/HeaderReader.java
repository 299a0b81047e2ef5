package dev.cached.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;

/**
 * The first two parts of a protocol v1 frame, read incrementally: the {@code u32} big-endian header
 * length and the JSON header it announces. What follows (the {@code header.size} payload bytes) is
 * the caller's to consume: {@link FrameDecoder} copies it into an array, the daemon keeps it in the
 * socket's own buffers.
 *
 * <p>Limits are checked before allocation: the header length against {@code maxHeader} as soon as
 * its four bytes are in, the payload size against {@code maxPayload} as soon as the header is
 * parsed. Every failure is a {@link ProtocolException} with {@link ProtocolException#fatal()} true.
 *
 * <p>{@link #readHeader} reads the hot requests with one long-lived parser ({@link
 * HotHeaderParser}); {@link #release} closes it when the connection is done.
 *
 * <p>Concurrency: not thread-safe; one reader per connection, used by one thread at a time.
 */
public final class HeaderReader {
  private final int maxHeader;
  private final long maxPayload;

  /** Headers up to this size are read into one reused array instead of a new one each. */
  private static final int SCRATCH_BYTES = 1024;

  private final ByteBuffer lengthBytes = ByteBuffer.allocate(Protocol.LENGTH_PREFIX);
  /** Reused for every header that fits: a hot request's header is a few hundred bytes. */
  private byte[] scratch;
  /** The array the header in progress is read into ({@link #scratch} or its own), or null between headers. */
  private byte[] headerBytes;
  private int headerLength;
  private int headerFilled;
  /** The array holding the header {@link #fill} last completed (its first {@link #headerLength} bytes). */
  private byte[] complete;
  private int payloadSize;
  /** Reads the hot headers of {@link #readHeader}; holds a parser once the first is read. */
  private final HotHeaderParser hot = new HotHeaderParser();

  public HeaderReader(int maxHeader, long maxPayload) {
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

  /** True when some bytes of a length prefix or header are in and the header is not complete. */
  public boolean midHeader() {
    return lengthBytes.position() > 0 || headerBytes != null;
  }

  /** Bytes held for the header in progress. */
  long bufferedCapacity() {
    return headerBytes == null ? 0 : headerBytes.length;
  }

  /** The payload size the last header returned by {@link #read} announced. */
  public int payloadSize() {
    return payloadSize;
  }

  /**
   * Consumes bytes from {@code in} until a header is complete or {@code in} is empty. Never reads
   * past the header's last byte.
   *
   * @return the header (its payload size then in {@link #payloadSize()}), or null when more bytes
   *     are needed
   */
  public ObjectNode read(ByteBuffer in) throws ProtocolException {
    if (!fill(in)) {
      return null;
    }
    ObjectNode header = parseHeader(complete, headerLength);
    payloadSize = payloadSize(header);
    return header;
  }

  /**
   * A complete header: the request itself when it is a {@code write}, {@code delete} or {@code
   * replace} that a streaming parse could read (then {@code tree} is null), else the JSON tree for
   * {@link Requests#parse(ObjectNode, int)}.
   */
  public record Header(ObjectNode tree, Request request) {}

  /**
   * As {@link #read}, but reads the hot requests without a JSON tree ({@link StreamingRequests}),
   * with a parser kept from one header to the next ({@link HotHeaderParser}). Errors are the same
   * as {@link #read}'s, worded the same.
   */
  public Header readHeader(ByteBuffer in) throws ProtocolException {
    if (!fill(in)) {
      return null;
    }
    // The parser is done with the header bytes when parse returns, so the scratch array may be
    // refilled with the next header.
    StreamingRequests.Parsed fast = hot.parse(complete, headerLength, maxPayload);
    if (fast != null) {
      payloadSize = fast.size();
      return new Header(null, fast.request());
    }
    ObjectNode header = parseHeader(complete, headerLength);
    payloadSize = payloadSize(header);
    return new Header(header, null);
  }

  /**
   * Closes the parser {@link #readHeader} keeps (its buffers go back to Jackson's pool, its field
   * names to the shared symbol table). Call it when the connection is done; a reader used after it
   * opens a new parser.
   */
  public void release() {
    hot.release();
  }

  /**
   * Reads header bytes; true when a header is complete (then in {@link #complete}, {@link
   * #headerLength} long), false when more are needed.
   */
  private boolean fill(ByteBuffer in) throws ProtocolException {
    if (headerBytes == null) {
      while (lengthBytes.hasRemaining() && in.hasRemaining()) {
        lengthBytes.put(in.get());
      }
      if (lengthBytes.hasRemaining()) {
        return false;
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
      headerLength = (int) length;
      if (headerLength <= SCRATCH_BYTES) {
        if (scratch == null) {
          scratch = new byte[SCRATCH_BYTES];
        }
        headerBytes = scratch;
      } else {
        headerBytes = new byte[headerLength];
      }
      headerFilled = 0;
    }
    int n = Math.min(in.remaining(), headerLength - headerFilled);
    in.get(headerBytes, headerFilled, n);
    headerFilled += n;
    if (headerFilled < headerLength) {
      return false;
    }
    complete = headerBytes;
    headerBytes = null;
    lengthBytes.clear();
    return true;
  }

  private static ObjectNode parseHeader(byte[] bytes, int length) throws ProtocolException {
    JsonNode node;
    try {
      node = Json.mapper().readTree(bytes, 0, length);
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
