package dev.cached.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Parses frame headers into {@link Request}s. Unknown fields are ignored; a known field of the
 * wrong type is a request-level {@link ErrorCode#BAD_REQUEST} that names the field.
 *
 * <p>Concurrency: stateless.
 */
public final class Requests {
  private Requests() {}

  /**
   * Parses one request frame.
   *
   * @throws ProtocolException (request-level, never fatal) when a field is missing or mistyped or
   *     the op is unknown
   */
  public static Request parse(Frame frame) throws ProtocolException {
    return parse(frame.header(), frame.payload().length, frame.payload());
  }

  /**
   * Parses a header whose payload ({@code payloadSize} bytes) the caller keeps: as {@link
   * #parse(Frame)}, but a write's {@link Request.Write#payload()} is null.
   */
  public static Request parse(ObjectNode header, int payloadSize) throws ProtocolException {
    return parse(header, payloadSize, null);
  }

  private static Request parse(ObjectNode h, int payloadSize, byte[] payload) throws ProtocolException {
    Long id = readId(h);
    String op = text(h, "op", id, true);
    switch (op) {
      case "hello":
        noPayload(payloadSize, id, op);
        return new Request.Hello(
            id,
            (int) integer(h, "protocol", id, true, 0, Integer.MAX_VALUE, 0),
            text(h, "client", id, false),
            integer(h, "pid", id, false, 0, Long.MAX_VALUE, 0),
            text(h, "root", id, false),
            bool(h, "ordered", id, false),
            h.path("cookie").isTextual() ? h.get("cookie").asText() : null,
            "batch".equals(text(h, "acks", id, false)));
      case "write":
        Long mode = h.has("mode") ? integer(h, "mode", id, false, 0, 07777, 0) : null;
        Long mtime = h.has("mtime") ? integer(h, "mtime", id, false, 0, Long.MAX_VALUE, 0) : null;
        return new Request.Write(
            id,
            text(h, "path", id, true),
            ack(h, id),
            mode == null ? null : mode.intValue(),
            mtime,
            payload);
      case "delete":
        noPayload(payloadSize, id, op);
        return new Request.Delete(id, text(h, "path", id, true), ack(h, id));
      case "replace":
        noPayload(payloadSize, id, op);
        return new Request.Replace(id, text(h, "from", id, true), text(h, "path", id, true), ack(h, id));
      case "flush":
        noPayload(payloadSize, id, op);
        Long timeout =
            h.has("timeoutMs") ? integer(h, "timeoutMs", id, false, 0, Long.MAX_VALUE, 0) : null;
        return new Request.Flush(id, timeout);
      case "status":
        noPayload(payloadSize, id, op);
        return new Request.Status(id);
      case "shutdown":
        noPayload(payloadSize, id, op);
        return new Request.Shutdown(id, !h.has("drain") || bool(h, "drain", id, false));
      case "hold":
        noPayload(payloadSize, id, op);
        return new Request.Hold(id, integer(h, "millis", id, true, 0, Request.Hold.MAX_MILLIS, 0));
      default:
        throw ProtocolException.request(
            ErrorCode.UNKNOWN_OP,
            id,
            "op : '" + op + "' (expected: hello, write, delete, replace, flush, status, shutdown, hold)");
    }
  }

  /** The request id of a header, or null when it has none or it is not an integer. */
  public static Long idOf(ObjectNode h) {
    JsonNode n = h.get("id");
    return n != null && n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : null;
  }

  private static Long readId(ObjectNode h) throws ProtocolException {
    JsonNode n = h.get("id");
    if (n == null || n.isNull()) {
      throw ProtocolException.request(ErrorCode.BAD_REQUEST, null, "field 'id' : missing (expected: an integer)");
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw ProtocolException.request(
          ErrorCode.BAD_REQUEST, null, "field 'id' : " + abbreviate(n) + " (expected: an integer)");
    }
    return n.longValue();
  }

  private static void noPayload(int payloadSize, Long id, String op) throws ProtocolException {
    if (payloadSize > 0) {
      throw ProtocolException.request(
          ErrorCode.BAD_REQUEST, id, "field 'size' : " + payloadSize + " (expected: 0 for op '" + op + "')");
    }
  }

  private static Ack ack(ObjectNode h, Long id) throws ProtocolException {
    String a = text(h, "ack", id, false);
    if (a == null || a.equals("queued")) {
      return Ack.QUEUED;
    }
    if (a.equals("durable")) {
      return Ack.DURABLE;
    }
    throw ProtocolException.request(
        ErrorCode.BAD_REQUEST, id, "field 'ack' : '" + a + "' (expected: queued or durable)");
  }

  private static String text(ObjectNode h, String field, Long id, boolean required)
      throws ProtocolException {
    JsonNode n = h.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw ProtocolException.request(
            ErrorCode.BAD_REQUEST, id, "field '" + field + "' : missing (expected: a string)");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw ProtocolException.request(
          ErrorCode.BAD_REQUEST, id, "field '" + field + "' : " + abbreviate(n) + " (expected: a string)");
    }
    return n.textValue();
  }

  private static long integer(
      ObjectNode h, String field, Long id, boolean required, long min, long max, long dflt)
      throws ProtocolException {
    JsonNode n = h.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw ProtocolException.request(
            ErrorCode.BAD_REQUEST, id, "field '" + field + "' : missing (expected: an integer)");
      }
      return dflt;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
      throw ProtocolException.request(
          ErrorCode.BAD_REQUEST,
          id,
          "field '" + field + "' : " + abbreviate(n) + " (expected: an integer " + min + ".." + max + ")");
    }
    return n.longValue();
  }

  private static boolean bool(ObjectNode h, String field, Long id, boolean dflt) throws ProtocolException {
    JsonNode n = h.get(field);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isBoolean()) {
      throw ProtocolException.request(
          ErrorCode.BAD_REQUEST, id, "field '" + field + "' : " + abbreviate(n) + " (expected: true or false)");
    }
    return n.booleanValue();
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    String kind = n.getNodeType().name().toLowerCase(Locale.ROOT);
    return (s.length() > 40 ? s.substring(0, 40) + "…" : s) + " (" + kind + ")";
  }
}
