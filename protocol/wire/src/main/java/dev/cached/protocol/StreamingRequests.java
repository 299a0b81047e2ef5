package dev.cached.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The hot requests ({@code write}, {@code delete}, {@code replace}) read straight from the header
 * bytes with a streaming parser, without building a JSON tree: the tree and its nodes were most of
 * the socket thread's garbage. The parser has the protocol mapper's limits (depth, number and name
 * length); duplicate names are found here, without the parser's per-object hash set. Unknown
 * fields with a plain value are skipped.
 *
 * <p>Only a well-formed, well-typed header of a hot op is read here; for anything else ({@code
 * hello}, {@code flush}, a field of the wrong type, {@code mode} or {@code mtime}, a size outside
 * the limit, a duplicate name, an unknown field holding an object or array, malformed JSON) {@link #parse} returns null and the caller takes the tree path
 * ({@link Requests#parse(com.fasterxml.jackson.databind.node.ObjectNode, int)}), which words every
 * error as before.
 *
 * <p>{@link #parse} reads a header with a new blocking parser; {@link HotHeaderParser} reads
 * headers one after another with one long-lived non-blocking parser. Both go through {@link
 * #readObject}, so the rules are the same.
 *
 * <p>Concurrency: stateless.
 */
final class StreamingRequests {
  private StreamingRequests() {}

  /** The request and its payload size, or null: take the tree path. */
  record Parsed(Request request, int size) {}

  static Parsed parse(byte[] header, long maxPayload) {
    return parse(header, header.length, maxPayload);
  }

  /** As {@link #parse(byte[], long)}, for a header in the first {@code length} bytes of {@code header}. */
  static Parsed parse(byte[] header, int length, long maxPayload) {
    try (JsonParser p = Json.streamingFactory().createParser(header, 0, length)) {
      Parsed parsed = readObject(p, maxPayload);
      return parsed != null && p.nextToken() == null ? parsed : null;
    } catch (IOException | RuntimeException e) {
      return null; // malformed, or beyond a limit: the tree parse words the error
    }
  }

  /**
   * Reads one object, from its {@code START_OBJECT} (the parser's next token) through its {@code
   * END_OBJECT}, and nothing after it: what may follow is the caller's to check (a blocking parser
   * must be at its end, {@link HotHeaderParser}'s non-blocking one at {@code NOT_AVAILABLE}). A
   * non-blocking parser that runs out of input ({@code NOT_AVAILABLE}) before the object ends gives
   * null.
   *
   * @return the request, the parser then on the object's {@code END_OBJECT}; or null (the parser
   *     anywhere): take the tree path
   */
  static Parsed readObject(JsonParser p, long maxPayload) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    int op = -1; // an index into OPS
    String path = null;
    String from = null;
    Ack ack = Ack.QUEUED;
    long id = 0;
    boolean hasId = false;
    long size = 0;
    int seen = 0; // a bit per known field: a duplicate goes to the tree parse, which refuses it
    List<String> unknown = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      if (t == null || t == JsonToken.NOT_AVAILABLE) {
        return null; // the object ends inside this field (only a non-blocking parser gets here)
      }
      int bit = bit(name);
      if ((seen & bit) != 0) {
        return null;
      }
      seen |= bit;
      switch (name) {
        case "op" -> {
          op = choice(p, t, OPS);
          if (op < 0 && t == JsonToken.VALUE_STRING) {
            return null; // an op the tree path names in its error
          }
        }
        case "path" -> path = text(p, t);
        case "from" -> from = text(p, t);
        case "ack" -> {
          int a = choice(p, t, ACKS);
          if (a < 0 && t == JsonToken.VALUE_STRING) {
            return null;
          }
          ack = a == 1 ? Ack.DURABLE : Ack.QUEUED;
        }
        case "id" -> {
          if (!isLong(p, t)) {
            return null;
          }
          id = p.getLongValue();
          hasId = true;
        }
        case "size" -> {
          if (!isLong(p, t)) {
            return null;
          }
          size = p.getLongValue();
        }
        case "mode", "mtime" -> {
          return null; // rare: the tree path checks their ranges
        }
        default -> {
          if (t.isStructStart() || (unknown != null && unknown.contains(name))) {
            return null; // nested values (duplicates inside them) and repeated names: the tree parse checks them
          }
          if (unknown == null) {
            unknown = new ArrayList<>(2);
          }
          unknown.add(name);
        }
      }
      if (t == JsonToken.VALUE_NULL || (t != JsonToken.VALUE_STRING && isTextField(name))) {
        return null;
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      return null; // NOT_AVAILABLE: the input ended inside the object
    }
    if (!hasId || op < 0 || path == null || size < 0 || size > maxPayload) {
      return null;
    }
    switch (op) {
      case 0:
        return new Parsed(new Request.Write(id, path, ack, null), (int) size);
      case 1:
        return size == 0 ? new Parsed(new Request.Delete(id, path, ack), 0) : null;
      case 2:
        return size == 0 && from != null ? new Parsed(new Request.Replace(id, from, path, ack), 0) : null;
      default:
        return null;
    }
  }

  /** The hot ops, as {@link #choice} numbers them. */
  private static final String[] OPS = {"write", "delete", "replace"};
  /** The acks: 0 queued, 1 durable. */
  private static final String[] ACKS = {"queued", "durable"};

  /**
   * The index in {@code choices} of the string value just read, compared in the parser's own
   * buffer (an op or ack made no string per request); -1 when it is none of them or not a string.
   */
  private static int choice(JsonParser p, JsonToken t, String[] choices) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      return -1;
    }
    char[] buf = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    for (int i = 0; i < choices.length; i++) {
      String c = choices[i];
      if (c.length() == len && equal(c, buf, off)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean equal(String c, char[] buf, int off) {
    for (int k = 0; k < c.length(); k++) {
      if (buf[off + k] != c.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int bit(String name) {
    switch (name) {
      case "op": return 1;
      case "id": return 2;
      case "path": return 4;
      case "from": return 8;
      case "ack": return 16;
      case "size": return 32;
      default: return 0;
    }
  }

  private static boolean isTextField(String name) {
    return name.equals("op") || name.equals("path") || name.equals("from") || name.equals("ack");
  }

  private static String text(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_STRING ? p.getText() : null;
  }

  private static boolean isLong(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_NUMBER_INT
        && (p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG);
  }
}
