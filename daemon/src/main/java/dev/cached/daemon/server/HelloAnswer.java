package dev.cached.daemon.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.config.CachedConfig;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.Responses;

/** The answer to an accepted hello: server version, protocol versions, limits, capabilities, and {@code acks} when batched. */
final class HelloAnswer {
  private static final String[] CAPABILITIES = {
    "write", "delete", "replace", "flush", "status", "shutdown", "durable", "ordered", "batchAcks", "hold"
  };

  private HelloAnswer() {}

  /** {@code batchAcks}: the connection asked for batched acknowledgements, and gets them. */
  static ObjectNode of(long id, String version, CachedConfig config, boolean batchAcks) {
    ObjectNode ok = Responses.ok(id);
    if (batchAcks) {
      ok.put("acks", "batch");
    }
    ok.put("server", "cached/" + version);
    ok.put("protocol", Protocol.VERSION);
    ArrayNode protocols = ok.putArray("protocols");
    Protocol.SUPPORTED.forEach(protocols::add);
    ObjectNode limits = ok.putObject("limits");
    limits.put("maxHeader", Protocol.MAX_HEADER);
    limits.put("maxPayload", config.maxPayload());
    limits.put("maxPathBytes", config.maxPathBytes());
    limits.put("maxPendingRequests", config.maxPendingRequests());
    ArrayNode caps = ok.putArray("capabilities");
    for (String c : CAPABILITIES) {
      caps.add(c);
    }
    return ok;
  }
}
