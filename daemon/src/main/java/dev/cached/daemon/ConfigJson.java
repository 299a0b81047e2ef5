package dev.cached.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.config.CachedConfig;
import dev.cached.protocol.Json;
import java.time.Duration;

/** The effective config as JSON for status, keyed by the config file's key names. */
final class ConfigJson {
  private ConfigJson() {}

  static ObjectNode of(CachedConfig c) {
    ObjectNode n = Json.object();
    n.put("socket", c.socket().toString());
    n.put("stateDir", c.stateDir().toString());
    n.put("maxPayload", c.maxPayload());
    n.put("maxPendingBytes", c.maxPendingBytes());
    n.put("maxConnections", c.maxConnections());
    n.put("maxPendingRequests", c.maxPendingRequests());
    n.put("maxPathBytes", c.maxPathBytes());
    n.put("helloTimeout", ms(c.helloTimeout()));
    n.put("frameTimeout", ms(c.frameTimeout()));
    n.put("idleTimeout", ms(c.idleTimeout()));
    n.put("drainTimeout", ms(c.drainTimeout()));
    n.put("writerThreads", c.writerThreads());
    n.put("fsync", c.fsync().wire());
    n.put("retry.first", ms(c.retry().first()));
    n.put("retry.factor", c.retry().factor());
    n.put("retry.cap", ms(c.retry().cap()));
    n.put("retry.deadline", ms(c.retry().deadline()));
    n.put("breaker.threshold", c.breakerThreshold());
    n.put("breaker.probeFirst", ms(c.breakerProbeFirst()));
    n.put("breaker.probeCap", ms(c.breakerProbeCap()));
    c.allowedRoots().forEach(r -> n.withArray("allowedRoots").add(r.toString()));
    n.put("log.level", c.logLevel());
    n.put("log.maxFileSize", c.logMaxFileSize());
    n.put("log.maxHistory", c.logMaxHistory());
    n.put("faults.holdShare", c.faultHoldShare());
    n.put("faults.holdTime", ms(c.faultHoldTime()));
    return n;
  }

  private static String ms(Duration d) {
    return d.toMillis() + "ms";
  }
}
