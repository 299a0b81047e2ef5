package dev.cached.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds response headers (the daemon) and reads them (the clients).
 *
 * <p>The readers are lenient, as a client must be towards a newer daemon: unknown fields are
 * ignored, a missing number reads as its default (a limit as in {@link Response.Limits#DEFAULT},
 * a count as 0), a missing text as the empty string, an unknown error code as {@link
 * ErrorCode#INTERNAL}. They never throw on a well-formed JSON object.
 *
 * <p>Concurrency: stateless.
 */
public final class Responses {
  private Responses() {}

  /** {@code {"id":id,"ok":true}}; id may be null when the request had none. */
  public static ObjectNode ok(Long id) {
    ObjectNode n = Json.object();
    putId(n, id);
    n.put("ok", true);
    return n;
  }

  /**
   * {@code {"id":id,"ok":true,"ack":"queued","through":true}}: on a connection with batched
   * acknowledgements, every queued request up to and including {@code id} not answered by its own
   * id was accepted.
   */
  public static ObjectNode through(long id) {
    return ok(id).put("ack", "queued").put("through", true);
  }

  /** Whether an answer is a batched acknowledgement ({@code "through":true}) covering every queued request up to its id. */
  public static boolean isThrough(ObjectNode answer) {
    return answer.path("through").asBoolean(false) && ok(answer);
  }

  /** Whether a hello answer grants batched acknowledgements ({@code "acks":"batch"}). */
  public static boolean batchAcks(ObjectNode helloAnswer) {
    return "batch".equals(helloAnswer.path("acks").asText(null));
  }

  /** {@code {"id":id,"ok":false,"error":{"code":…,"message":…}}}. */
  public static ObjectNode error(Long id, ErrorCode code, String message) {
    ObjectNode n = Json.object();
    putId(n, id);
    n.put("ok", false);
    ObjectNode e = n.putObject("error");
    e.put("code", code.name());
    e.put("message", message);
    return n;
  }

  private static void putId(ObjectNode n, Long id) {
    if (id == null) {
      n.putNull("id");
    } else {
      n.put("id", id);
    }
  }

  /**
   * Reads the answer to a request of op {@code op} ({@code hello}, {@code write}, …): a {@link
   * Response.Refused} when it is not ok, else the kind that op is answered with.
   */
  public static Response read(ObjectNode answer, String op) {
    Response.Refused refused = refusal(answer);
    if (refused != null) {
      return refused;
    }
    switch (op) {
      case "hello":
        return hello(answer);
      case "flush":
        return flushed(answer);
      case "status":
        return new Response.Status(idOf(answer), status(answer));
      default:
        return new Response.Done(idOf(answer), outcome(answer));
    }
  }

  /** The id an answer echoes, or null when it answers no request ({@code "id":null}, absent, not an integer). */
  public static Long idOf(ObjectNode answer) {
    return Requests.idOf(answer);
  }

  /** Whether the answer says {@code "ok":true}. */
  public static boolean ok(ObjectNode answer) {
    return answer.path("ok").asBoolean(false);
  }

  /** The refusal an answer carries, or null when it is ok. */
  public static Response.Refused refusal(ObjectNode answer) {
    if (ok(answer)) {
      return null;
    }
    JsonNode e = answer.path("error");
    return new Response.Refused(
        idOf(answer), ErrorCode.parse(e.path("code").asText()), e.path("message").asText());
  }

  /** The durable outcome ({@code written}, {@code deleted}, {@code superseded}), or null for a queued ack. */
  public static String outcome(ObjectNode answer) {
    JsonNode o = answer.get("outcome");
    return o == null || !o.isTextual() ? null : o.textValue();
  }

  /** The answer to a hello. */
  public static Response.Hello hello(ObjectNode answer) {
    List<Integer> protocols = new ArrayList<>();
    for (JsonNode v : answer.path("protocols")) {
      if (v.canConvertToInt()) {
        protocols.add(v.asInt());
      }
    }
    List<String> capabilities = new ArrayList<>();
    for (JsonNode c : answer.path("capabilities")) {
      capabilities.add(c.asText());
    }
    JsonNode l = answer.path("limits");
    Response.Limits d = Response.Limits.DEFAULT;
    Response.Limits limits = new Response.Limits(
        l.path("maxHeader").asInt(d.maxHeader()),
        l.path("maxPayload").asLong(d.maxPayload()),
        l.path("maxPathBytes").asInt(d.maxPathBytes()),
        l.path("maxPendingRequests").asInt(d.maxPendingRequests()));
    return new Response.Hello(
        idOf(answer), answer.path("server").asText(null), answer.path("protocol").asInt(0), protocols, limits, capabilities);
  }

  /** The answer to a flush. */
  public static Response.Flushed flushed(ObjectNode answer) {
    List<Response.Failed> failed = new ArrayList<>();
    for (JsonNode f : answer.path("failed")) {
      failed.add(new Response.Failed(f.path("path").asText(), f.path("op").asText(),
          ErrorCode.parse(f.path("code").asText()), f.path("message").asText()));
    }
    return new Response.Flushed(idOf(answer), answer.path("done").asLong(), failed);
  }

  /** The status object of a status answer (empty when the answer has none). */
  public static ObjectNode status(ObjectNode answer) {
    JsonNode s = answer.get("status");
    return s instanceof ObjectNode ? (ObjectNode) s : Json.object();
  }
}
