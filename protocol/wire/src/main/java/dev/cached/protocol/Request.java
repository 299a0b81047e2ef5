package dev.cached.protocol;

/**
 * A parsed request. {@link Requests#parse(Frame)} builds these from frames; each field has been
 * type-checked, but paths are not yet checked against a root (that is the daemon's job).
 */
public sealed interface Request
    permits Request.Hello,
        Request.Write,
        Request.Delete,
        Request.Replace,
        Request.Flush,
        Request.Status,
        Request.Shutdown {

  /** The client-chosen id that the answer echoes. */
  long id();

  /** The op name as on the wire. */
  String op();

  /** {@code hello}: must be the first frame; binds a root, or none for an admin connection. */
  record Hello(long id, int protocol, String client, long pid, String root, boolean ordered)
      implements Request {
    @Override
    public String op() {
      return "hello";
    }
  }

  /** {@code write}: replace the file at {@code path} (relative to the root) with the payload. */
  record Write(long id, String path, Ack ack, Integer mode, Long mtimeMillis, byte[] payload)
      implements Request {
    @Override
    public String op() {
      return "write";
    }
  }

  /** {@code delete}: remove the file at {@code path}; a missing file is success. */
  record Delete(long id, String path, Ack ack) implements Request {
    @Override
    public String op() {
      return "delete";
    }
  }

  /** {@code replace}: move the existing file {@code from} onto {@code path}; the daemon owns {@code from}. */
  record Replace(long id, String from, String path, Ack ack) implements Request {
    @Override
    public String op() {
      return "replace";
    }
  }

  /** {@code flush}: a barrier over every earlier request of the connection. */
  record Flush(long id, Long timeoutMillis) implements Request {
    @Override
    public String op() {
      return "flush";
    }
  }

  /** {@code status}: the daemon's state as JSON. */
  record Status(long id) implements Request {
    @Override
    public String op() {
      return "status";
    }
  }

  /** {@code shutdown}: stop the daemon, finishing queued work first when {@code drain}. */
  record Shutdown(long id, boolean drain) implements Request {
    @Override
    public String op() {
      return "shutdown";
    }
  }
}
