package dev.cached.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The length prefix and header of a connection's writes: the bytes {@link FrameEncoder#head} gives
 * for {@link Request.Write#header()}, written field by field by one Jackson generator that the
 * connection keeps, instead of through a JSON tree or a new generator per write (a client's hot
 * path: building the generator and its context was most of what was left of the encoding's cost).
 * Each header is one more root-level value of the generator's stream, with no separator, into a
 * buffer emptied before each.
 *
 * <p>Concurrency: not thread-safe; one per connection, used under the lock that orders its frames.
 */
public final class WriteHeads {
  private final ByteArrayBuilder out = new ByteArrayBuilder(256);
  private JsonGenerator generator;

  /**
   * The head of {@code w}, whose payload has {@code payloadLength} bytes.
   *
   * @throws IllegalArgumentException when the encoded header exceeds {@link Protocol#MAX_HEADER}
   */
  public ByteBuffer head(Request.Write w, int payloadLength) {
    out.reset();
    for (int i = 0; i < Protocol.LENGTH_PREFIX; i++) {
      out.write(0); // the length, set below
    }
    try {
      JsonGenerator g = generator();
      g.writeStartObject();
      g.writeStringField("op", w.op());
      g.writeNumberField("id", w.id());
      g.writeStringField("path", w.path());
      g.writeStringField("ack", w.ack().wire());
      if (w.mode() != null) {
        g.writeNumberField("mode", w.mode());
      }
      if (w.mtimeMillis() != null) {
        g.writeNumberField("mtime", w.mtimeMillis());
      }
      if (payloadLength > 0) {
        g.writeNumberField("size", payloadLength);
      }
      g.writeEndObject();
      g.flush();
    } catch (IOException | RuntimeException e) {
      generator = null; // defensive: over a byte array nothing fails mid-object, but a generator left inside one must not be reused
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
    byte[] frame = out.toByteArray();
    int length = frame.length - Protocol.LENGTH_PREFIX;
    if (length > Protocol.MAX_HEADER) {
      throw new IllegalArgumentException("header length : " + length + " (expected: 1.." + Protocol.MAX_HEADER + ")");
    }
    ByteBuffer head = ByteBuffer.wrap(frame);
    head.putInt(0, length);
    return head;
  }

  private JsonGenerator generator() throws IOException {
    if (generator == null) {
      generator = Json.streamingFactory().createGenerator(out);
      generator.setRootValueSeparator(null); // headers follow each other in the buffer with nothing between
    }
    return generator;
  }
}
