package dev.cached.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The endpoint file of a daemon's TCP listener, {@code <socket path>.endpoint}: where the listener
 * is and the cookie a TCP client must present in its hello. The daemon writes it (owner-only)
 * once the listener is bound, with a fresh cookie at every start, and removes it on a clean exit.
 *
 * <pre>
 * {"protocol": 1, "pid": 4242, "version": "0.9.0",
 *  "tcp": {"host": "127.0.0.1", "port": 40123},
 *  "cookie": "9f2c…(64 lowercase hex digits)…"}
 * </pre>
 *
 * @param protocol the protocol version the daemon speaks
 * @param pid the daemon's process id
 * @param version the daemon's version
 * @param host the listener's loopback address
 * @param port the listener's port
 * @param cookie 64 lowercase hex digits (32 bytes from {@code SecureRandom})
 */
public record Endpoint(int protocol, long pid, String version, String host, int port, String cookie) {
  /** The suffix of the endpoint file after the socket path. */
  public static final String SUFFIX = ".endpoint";
  /** Largest endpoint file a reader accepts. */
  private static final int MAX_BYTES = 4096;
  private static final Pattern COOKIE = Pattern.compile("[0-9a-f]{64}");

  /** The endpoint file of the daemon on {@code socket}. */
  public static Path fileOf(Path socket) {
    return socket.resolveSibling(socket.getFileName() + SUFFIX);
  }

  /** Without the cookie, so that a log line or an exception message never carries it. */
  @Override
  public String toString() {
    return "Endpoint[pid " + pid + ", cached/" + version + ", tcp " + host + ":" + port + "]";
  }

  /** The file's JSON. */
  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("protocol", protocol);
    n.put("pid", pid);
    n.put("version", version);
    ObjectNode tcp = n.putObject("tcp");
    tcp.put("host", host);
    tcp.put("port", port);
    n.put("cookie", cookie);
    return n;
  }

  /**
   * Reads and checks an endpoint file.
   *
   * @throws NoSuchFileException when there is none (no daemon with a TCP listener on that socket)
   * @throws IOException naming the file and what is wrong with it
   */
  public static Endpoint read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length > MAX_BYTES) {
      throw new IOException("endpoint file " + file + ": " + bytes.length + " bytes (expected: at most " + MAX_BYTES + ")");
    }
    JsonNode n;
    try {
      n = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new IOException("endpoint file " + file + ": not valid JSON (" + e.getMessage() + ")", e);
    }
    JsonNode tcp = n == null ? null : n.get("tcp");
    if (n == null || !n.isObject() || tcp == null || !tcp.isObject()) {
      throw new IOException("endpoint file " + file + ": expected an object with a \"tcp\" object");
    }
    String host = tcp.path("host").asText("");
    int port = tcp.path("port").isInt() ? tcp.path("port").intValue() : -1;
    String cookie = n.path("cookie").isTextual() ? n.path("cookie").textValue() : "";
    if (host.isEmpty() || port < 1 || port > 65535) {
      throw new IOException("endpoint file " + file + ": tcp.host '" + host + "', tcp.port " + tcp.path("port")
          + " (expected: a host and a port 1..65535)");
    }
    if (!COOKIE.matcher(cookie).matches()) {
      throw new IOException("endpoint file " + file + ": cookie is not 64 lowercase hex digits");
    }
    return new Endpoint(n.path("protocol").asInt(0), n.path("pid").asLong(0), n.path("version").asText(""), host, port, cookie);
  }
}
