package dev.cached.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request of protocol v1, both ways: {@link Requests#parse(Frame)} reads one from a frame (the
 * daemon), {@link #header()} writes one (every Java client), so the two sides share one spelling.
 * Each field has been type-checked, but paths are not yet checked against a root (that is the
 * daemon's job).
 *
 * <p>{@link #header()} writes {@code op}, {@code id}, then the op's fields in the order of {@code
 * protocol/PROTOCOL.md}; optional fields that are null are left out. {@link FrameEncoder#head}
 * adds {@code size}. For example {@code new Write(1, "a.json", Ack.QUEUED, payload)} with a
 * 2-byte payload is sent as {@code {"op":"write","id":1,"path":"a.json","ack":"queued","size":2}}.
 * The golden frames in {@code protocol/wire/golden} are written this way.
 */
public sealed interface Request
    permits Request.Hello,
        Request.Write,
        Request.Delete,
        Request.Replace,
        Request.Flush,
        Request.Status,
        Request.Shutdown,
        Request.Hold {

  /** The client-chosen id that the answer echoes. */
  long id();

  /** The op name as on the wire. */
  String op();

  /** A new header for this request ({@code op}, {@code id}, its fields; no {@code size}). */
  ObjectNode header();

  /** The frame of this request: its header and, for a write, its payload. */
  default Frame frame() {
    return Frame.of(header());
  }

  private static ObjectNode start(Request r) {
    return Json.object().put("op", r.op()).put("id", r.id());
  }

  /**
   * {@code hello}: must be the first frame; binds a root, or none for an admin connection.
   * {@code client} and {@code root} may be null (left out). {@code batchAcks} asks for batched
   * acknowledgements ({@code "acks":"batch"}; false leaves the field out: one answer per request).
   */
  record Hello(
      long id, int protocol, String client, long pid, String root, boolean ordered, String cookie, boolean batchAcks)
      implements Request {
    /** A hello without a cookie: what a Unix-socket connection sends. */
    public Hello(long id, int protocol, String client, long pid, String root, boolean ordered) {
      this(id, protocol, client, pid, root, ordered, null, false);
    }

    /** A hello with one answer per request. */
    public Hello(long id, int protocol, String client, long pid, String root, boolean ordered, String cookie) {
      this(id, protocol, client, pid, root, ordered, cookie, false);
    }

    /** The same hello carrying {@code cookie} (the TCP transport's, from the endpoint file). */
    public Hello withCookie(String cookie) {
      return new Hello(id, protocol, client, pid, root, ordered, cookie, batchAcks);
    }

    /** The same hello asking for batched acknowledgements ({@code "acks":"batch"}), or not. */
    public Hello withBatchAcks(boolean batch) {
      return new Hello(id, protocol, client, pid, root, ordered, cookie, batch);
    }

    @Override
    public String op() {
      return "hello";
    }

    @Override
    public ObjectNode header() {
      ObjectNode h = start(this).put("protocol", protocol);
      if (client != null) {
        h.put("client", client);
      }
      h.put("pid", pid);
      if (root != null) {
        h.put("root", root);
      }
      h.put("ordered", ordered);
      if (batchAcks) {
        h.put("acks", "batch");
      }
      if (cookie != null) {
        h.put("cookie", cookie);
      }
      return h;
    }

    @Override
    public String toString() {
      return "Hello[id=" + id + ", protocol=" + protocol + ", client=" + client + ", pid=" + pid + ", root=" + root
          + ", ordered=" + ordered + (cookie == null ? "" : ", cookie=(hidden)") + (batchAcks ? ", acks=batch" : "") + "]";
    }
  }

  /**
   * {@code write}: replace the file at {@code path} (relative to the root) with the payload.
   * {@code mode} and {@code mtimeMillis} may be null (left out); {@code payload} is null when the
   * daemon keeps it elsewhere ({@link Requests#parse(ObjectNode, int)}).
   */
  record Write(long id, String path, Ack ack, Integer mode, Long mtimeMillis, byte[] payload)
      implements Request {
    /** A write without mode and mtime. */
    public Write(long id, String path, Ack ack, byte[] payload) {
      this(id, path, ack, null, null, payload);
    }

    @Override
    public String op() {
      return "write";
    }

    @Override
    public ObjectNode header() {
      ObjectNode h = start(this).put("path", path).put("ack", ack.wire());
      if (mode != null) {
        h.put("mode", mode);
      }
      if (mtimeMillis != null) {
        h.put("mtime", mtimeMillis);
      }
      return h;
    }

    @Override
    public Frame frame() {
      return new Frame(header(), payload);
    }
  }

  /** {@code delete}: remove the file at {@code path}; a missing file is success. */
  record Delete(long id, String path, Ack ack) implements Request {
    @Override
    public String op() {
      return "delete";
    }

    @Override
    public ObjectNode header() {
      return start(this).put("path", path).put("ack", ack.wire());
    }
  }

  /** {@code replace}: move the existing file {@code from} onto {@code path}; the daemon owns {@code from}. */
  record Replace(long id, String from, String path, Ack ack) implements Request {
    @Override
    public String op() {
      return "replace";
    }

    @Override
    public ObjectNode header() {
      return start(this).put("from", from).put("path", path).put("ack", ack.wire());
    }
  }

  /** {@code flush}: a barrier over every earlier request of the connection; {@code timeoutMillis} may be null (no limit). */
  record Flush(long id, Long timeoutMillis) implements Request {
    @Override
    public String op() {
      return "flush";
    }

    @Override
    public ObjectNode header() {
      ObjectNode h = start(this);
      return timeoutMillis == null ? h : h.put("timeoutMs", timeoutMillis);
    }
  }

  /** {@code status}: the daemon's state as JSON. */
  record Status(long id) implements Request {
    @Override
    public String op() {
      return "status";
    }

    @Override
    public ObjectNode header() {
      return start(this);
    }
  }

  /** {@code shutdown}: stop the daemon, finishing queued work first when {@code drain}. */
  record Shutdown(long id, boolean drain) implements Request {
    @Override
    public String op() {
      return "shutdown";
    }

    @Override
    public ObjectNode header() {
      return start(this).put("drain", drain);
    }
  }

  /**
   * {@code hold}: the daemon's writers take up no new write for {@code millis} (at most {@link
   * #MAX_MILLIS}), or until this connection closes or sends a hold of 0 millis; accepting goes on.
   * For measuring the hand-over apart from the writing ({@code cached bench}).
   */
  record Hold(long id, long millis) implements Request {
    /** The longest hold one request may ask for: a minute. */
    public static final long MAX_MILLIS = 60_000;

    @Override
    public String op() {
      return "hold";
    }

    @Override
    public ObjectNode header() {
      return start(this).put("millis", millis);
    }
  }
}
