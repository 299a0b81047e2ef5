package dev.cached.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An answer of protocol v1 as a client reads it ({@link Responses#read}). Which kind an {@code
 * ok} answer is depends on the request it answers, so a reader needs the request's op; an answer
 * with {@code "ok":false} is always a {@link Refused}.
 */
public sealed interface Response
    permits Response.Done, Response.Hello, Response.Flushed, Response.Status, Response.Refused {

  /** The id of the request answered; null for an answer to no request (a stream-level error, BUSY at connect). */
  Long id();

  /**
   * {@code "ok":true} to a write, delete, replace or shutdown. {@code outcome} is null for a
   * {@code queued} ack and {@code written}, {@code deleted} or {@code superseded} for a durable one.
   */
  record Done(Long id, String outcome) implements Response {}

  /**
   * The answer to an accepted hello. {@code server} is null and {@code protocol} 0 when the answer
   * leaves them out; {@code protocols} is empty when it does.
   */
  record Hello(
      Long id, String server, int protocol, List<Integer> protocols, Limits limits, List<String> capabilities)
      implements Response {
    public Hello {
      protocols = List.copyOf(protocols);
      capabilities = List.copyOf(capabilities);
    }

    /** The versions the daemon offers: {@code protocols}, else (a daemon that sends no list) {@code protocol}. */
    public List<Integer> offered() {
      return !protocols.isEmpty() ? protocols : protocol != 0 ? List.of(protocol) : List.of();
    }
  }

  /**
   * The daemon's limits from its hello answer; a limit the answer leaves out has its protocol
   * default (65536, 64 MiB, 4096, 65536).
   */
  record Limits(int maxHeader, long maxPayload, int maxPathBytes, int maxPendingRequests) {
    /** The defaults of protocol v1. */
    public static final Limits DEFAULT = new Limits(Protocol.MAX_HEADER, Protocol.DEFAULT_MAX_PAYLOAD, 4096, 65536);
  }

  /** The answer to a flush: {@code done} requests became final since the previous flush, {@code failed} of them failed. */
  record Flushed(Long id, long done, List<Failed> failed) implements Response {
    public Flushed {
      failed = List.copyOf(failed);
    }
  }

  /** One entry of a flush answer's {@code failed} list. */
  record Failed(String path, String op, ErrorCode code, String message) {}

  /** The answer to {@code status}: the daemon's status object (fields in the README). */
  record Status(Long id, ObjectNode status) implements Response {}

  /**
   * {@code "ok":false}: the request (or, with a null id, the connection) was refused. A code this
   * client does not know reads as {@link ErrorCode#INTERNAL}.
   */
  record Refused(Long id, ErrorCode code, String message) implements Response {}
}
