package dev.cached.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** Renders the status object as one readable screen. */
final class StatusText {
  /** Retrying writes shown on the screen, oldest first. */
  static final int TOP = 5;

  private StatusText() {}

  static String render(JsonNode s) {
    StringBuilder b = new StringBuilder();
    JsonNode q = s.path("queue");
    JsonNode t = s.path("totals");
    JsonNode l = s.path("latency");
    boolean healthy = s.path("breakers").isEmpty() && !s.path("shuttingDown").asBoolean();
    line(b, "cached", s.path("version").asText() + "  pid " + s.path("pid").asLong() + "  up " + human(s.path("uptimeMillis").asLong())
        + "  " + (healthy ? "healthy" : s.path("shuttingDown").asBoolean() ? "SHUTTING DOWN" : "DEGRADED (breaker open)"));
    line(b, "socket", s.path("socket").asText() + " (" + s.path("transport").asText() + ")");
    if (s.has("listeners")) {
      line(b, "listeners", listeners(s.path("listeners")));
    }
    line(b, "log", s.path("logFile").asText());
    line(b, "connections", String.valueOf(s.path("connections").size()));
    for (JsonNode c : s.path("connections")) {
      b.append(String.format("  %-24s pid %-7d %s%s  %d requests, %d pending%s%n", c.path("client").asText(), c.path("pid").asLong(),
          c.path("root").isNull() ? "(admin)" : c.path("root").asText(), c.path("ordered").asBoolean() ? " [ordered]" : "",
          c.path("requests").asLong(), c.path("pending").asLong(),
          c.has("blockedBy") ? ", blocked by " + c.path("blockedBy").asText() : ""));
    }
    line(b, "queue", q.path("ops").asLong() + " ops, " + bytes(q.path("bytes").asLong()) + ", oldest " + human(q.path("oldestAgeMillis").asLong())
        + (q.path("readingPaused").asBoolean() ? "  (reading paused: over maxPendingBytes)" : "")
        + (q.path("heldMillis").asLong() > 0 ? "  (writers held " + human(q.path("heldMillis").asLong()) + " more by a hold request)" : ""));
    JsonNode retrying = s.path("retrying");
    line(b, "retrying", retrying.size() + (retrying.size() > TOP ? " (oldest " + TOP + " shown; --json lists up to 20)" : ""));
    for (int i = 0; i < Math.min(TOP, retrying.size()); i++) {
      JsonNode r = retrying.get(i);
      b.append(String.format("  %s %s  attempt %d, %s  %s%n", r.path("op").asText(), r.path("path").asText(), r.path("attempts").asInt(),
          human(r.path("ageMillis").asLong()), r.path("lastError").asText()));
    }
    line(b, "breakers", s.path("breakers").isEmpty() ? "all closed" : s.path("breakers").size() + " open");
    for (JsonNode r : s.path("breakers")) {
      b.append(String.format("  %s  %d failures, open %s, next probe in %s: %s%n", r.path("directory").asText(), r.path("failures").asInt(),
          human(r.path("openMillis").asLong()), human(r.path("nextProbeMillis").asLong()), r.path("reason").asText()));
    }
    JsonNode sw = s.path("lastSweep");
    line(b, "temps", "lazy-delete " + s.path("lazyDelete").path("pending").asLong() + " pending, "
        + s.path("lazyDelete").path("removed").asLong() + " removed; last sweep "
        + (sw.has("at") ? sw.path("at").asText() + " removed " + sw.path("removed").asLong() : "not yet run"));
    for (JsonNode p : s.path("lazyDelete").path("paths")) {
      b.append(String.format("  lazy-delete %s  %s%n", p.path("path").asText(), p.path("lastError").asText()));
    }
    line(b, "totals", String.format("accepted %d, written %d, deleted %d, coalesced %d, superseded %d, failed %d, retries %d, refused %d",
        t.path("accepted").asLong(), t.path("written").asLong(), t.path("deleted").asLong(), t.path("coalesced").asLong(),
        t.path("superseded").asLong(), t.path("failed").asLong(), t.path("retries").asLong(), t.path("refused").asLong()));
    line(b, "latency", "accept to visible p50 " + micros(l.path("p50Micros").asLong()) + ", p99 " + micros(l.path("p99Micros").asLong())
        + " (" + l.path("count").asLong() + " ops)");
    return b.toString().stripTrailing();
  }

  /** "unix /run/…/cached.sock (epoll); tcp 127.0.0.1:40123 (epoll, endpoint /run/…/cached.sock.endpoint)". */
  static String listeners(JsonNode list) {
    StringBuilder b = new StringBuilder();
    for (JsonNode l : list) {
      if (b.length() > 0) {
        b.append("; ");
      }
      if (l.path("transport").asText().equals("tcp")) {
        b.append("tcp ").append(l.path("host").asText()).append(':').append(l.path("port").asInt())
            .append(" (").append(l.path("io").asText()).append(", endpoint ").append(l.path("endpointFile").asText()).append(')');
      } else {
        b.append(l.path("transport").asText()).append(' ').append(l.path("path").asText())
            .append(" (").append(l.path("io").asText()).append(')');
      }
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String key, String value) {
    b.append(String.format("%-12s %s%n", key, value));
  }

  static String human(long millis) {
    Duration d = Duration.ofMillis(millis);
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return String.format("%.1fs", millis / 1000.0);
    }
    if (millis < 3_600_000) {
      return d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }
    return d.toHours() + "h" + d.toMinutesPart() + "m";
  }

  private static String micros(long us) {
    return us < 1000 ? us + "µs" : String.format("%.1fms", us / 1000.0);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format("%.1f KiB", n / 1024.0);
    }
    return String.format("%.1f MiB", n / (1024.0 * 1024));
  }
}
