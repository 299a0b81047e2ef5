package dev.cached.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Reads a connection's hot headers ({@link StreamingRequests#readObject}) one after another with
 * one non-blocking Jackson parser, instead of building a new parser per header: that construction
 * (parser, buffers, symbol table child, contexts) was a quarter of the socket thread's garbage.
 *
 * <p>Each header is fed whole to the parser, which reads it as one more root-level value of its
 * stream. A header is read here only when it is one object followed by nothing but whitespace: the
 * parser then stands between root values, exactly as after the previous header, and is ready for
 * the next. Anything else — malformed JSON, a value that is not a readable hot request, a second
 * value or a partial token after the object, the object not ending, any exception — returns null
 * and drops the parser, whose state is then unknown; the next header gets a new one. The caller
 * then takes the tree path, which words the error as for any header.
 *
 * <p>The parser comes from {@link Json#streamingFactory()}, so the protocol's limits apply.
 * Jackson checks the document length against the bytes fed over the parser's whole life, so a
 * parser is replaced before it has been fed more than that limit (64 KiB: a new parser every few
 * hundred hot headers).
 *
 * <p>Symbol table: the parser keeps the field names it has seen (its child of the factory's
 * {@code ByteQuadsCanonicalizer}), so a client sending ever new names grows it. That is bounded:
 * a parser is fed at most 64 KiB over its life (above), so its table holds at most the names in
 * 64 KiB of headers, each at most {@code maxNameLength} (1024 bytes); Jackson's canonicalizer
 * would in any case empty a table about to grow past 65536 hash slots (its {@code MAX_T_SIZE},
 * checked in 2.23's {@code rehash}); and the parser dies with the connection. When it is closed
 * its names are merged into the factory's shared root table, as after every parse before this
 * class; Jackson replaces the root by an empty table instead when the table given back holds more
 * than 6000 names ({@code MAX_ENTRIES_FOR_REUSE}).
 *
 * <p>The feeder keeps a reference to the array it was fed; the caller may reuse that array for
 * the next header, because a header read here has been consumed completely ({@code
 * needMoreInput()} true) when {@link #parse} returns, and a parser that returned null is dropped.
 *
 * <p>Concurrency: not thread-safe; one per {@link HeaderReader}, used by one thread at a time.
 */
final class HotHeaderParser {
  /** The bytes one parser may be fed: Jackson's document length limit, counted over its life. */
  private static final long FEED_LIMIT = feedLimit();

  /** Takes the bytes left after a header's object only to count them. */
  private static final OutputStream DISCARD = OutputStream.nullOutputStream();

  private JsonParser parser;
  private ByteArrayFeeder feeder;
  private long fed;

  private static long feedLimit() {
    long max = Json.streamingFactory().streamReadConstraints().getMaxDocumentLength();
    return max > 0 ? Math.min(max, Protocol.MAX_HEADER) : Protocol.MAX_HEADER;
  }

  /**
   * Reads the hot request in the first {@code length} bytes of {@code header}.
   *
   * @return the request, or null: take the tree path
   */
  StreamingRequests.Parsed parse(byte[] header, int length, long maxPayload) {
    try {
      if (parser == null || fed + length > FEED_LIMIT || !feeder.needMoreInput()) {
        release();
        parser = Json.streamingFactory().createNonBlockingByteArrayParser();
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
      }
      // A UTF-8 byte order mark, which the blocking parsers skip at the start of their input, would
      // be an error between root values.
      int start =
          length >= 3 && header[0] == (byte) 0xEF && header[1] == (byte) 0xBB && header[2] == (byte) 0xBF
              ? 3
              : 0;
      feeder.feedInput(header, start, length);
      fed += length - start;
      StreamingRequests.Parsed parsed = StreamingRequests.readObject(parser, maxPayload);
      if (parsed != null
          && whitespace(header, length - parser.releaseBuffered(DISCARD), length)
          && parser.nextToken() == JsonToken.NOT_AVAILABLE
          && feeder.needMoreInput()) {
        return parsed;
      }
    } catch (IOException | RuntimeException e) {
      // malformed, or beyond a limit: dropped below, and the tree parse words the error
    }
    release();
    return null;
  }

  /** True when {@code b[from, to)} is JSON whitespace only: no value nor partial token follows. */
  private static boolean whitespace(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\n' && b[i] != '\r' && b[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Closes the parser, if any (its buffers go back to Jackson's pool); a later parse opens a new one. */
  void release() {
    JsonParser p = parser;
    parser = null;
    feeder = null;
    fed = 0;
    if (p != null) {
      try {
        p.close();
      } catch (IOException | RuntimeException e) {
        // nothing to close underneath: a non-blocking parser holds no input source
      }
    }
  }
}
