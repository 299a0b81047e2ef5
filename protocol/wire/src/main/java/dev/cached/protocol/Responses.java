package dev.cached.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds response headers. Concurrency: stateless. */
public final class Responses {
  private Responses() {}

  /** {@code {"id":id,"ok":true}}; id may be null when the request had none. */
  public static ObjectNode ok(Long id) {
    ObjectNode n = Json.object();
    putId(n, id);
    n.put("ok", true);
    return n;
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
}
