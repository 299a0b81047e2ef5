package dev.cached.daemon.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The answer to an accepted queued request, the commonest frame the daemon sends, encoded without
 * a JSON tree: {@code {"id":N,"ok":true}}, or on a connection with batched acknowledgements {@code
 * {"id":N,"ok":true,"ack":"queued","through":true}}. The bytes are those that {@link
 * dev.cached.protocol.Responses#ok} and {@link dev.cached.protocol.Responses#through} give through
 * the protocol's mapper (a test compares them).
 *
 * @param id the request's id, or for {@code through} the last queued request accepted
 * @param through whether this is a batched acknowledgement
 */
record QueuedAck(long id, boolean through) {
  private static final byte[] PREFIX = ascii("{\"id\":");
  private static final byte[] OK = ascii(",\"ok\":true}");
  private static final byte[] THROUGH = ascii(",\"ok\":true,\"ack\":\"queued\",\"through\":true}");

  /** The whole frame (length prefix and header) in a new buffer of {@code alloc}. */
  ByteBuf encode(ByteBufAllocator alloc) {
    byte[] digits = ascii(Long.toString(id));
    byte[] suffix = through ? THROUGH : OK;
    int length = PREFIX.length + digits.length + suffix.length;
    ByteBuf out = alloc.ioBuffer(4 + length, 4 + length);
    return out.writeInt(length).writeBytes(PREFIX).writeBytes(digits).writeBytes(suffix);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
