package dev.cached.client;

import dev.cached.protocol.Endpoint;
import dev.cached.protocol.ErrorCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens the byte stream to the daemon over the chosen {@link Transport}: a connected channel, and
 * for TCP the cookie its hello must carry.
 *
 * <p>Concurrency: stateless.
 */
final class Dial {
  /** An open channel; {@code cookie} null on the Unix socket; {@code where} names the address for messages. */
  record Line(SocketChannel channel, String cookie, String where) {
    /** Closes a connection that failed before it was set up; a failing close adds nothing. */
    void abandon() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  /** Whether this JDK has AF_UNIX: probed once, at the first connect. */
  private static final boolean UNIX = probeUnix();

  private Dial() {}

  /**
   * Connects to the daemon on {@code socket} by {@code transport}.
   *
   * @throws CachedUnavailableException when nothing answers there, naming the address and why
   */
  static Line open(Path socket, Transport transport) throws CachedUnavailableException {
    switch (transport) {
      case UNIX:
        return unix(socket);
      case TCP:
        return tcp(socket);
      default:
        if (!unixSupported()) {
          return tcp(socket);
        }
        try {
          return unix(socket);
        } catch (CachedUnavailableException e) {
          if (!Endpoint.fileOf(socket).toFile().exists()) {
            throw e;
          }
          return tcp(socket); // a daemon that listens on tcp only
        }
    }
  }

  /** True when this JDK can open {@code AF_UNIX} sockets. */
  static boolean unixSupported() {
    return UNIX;
  }

  private static boolean probeUnix() {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return ch != null;
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
  }

  private static Line unix(Path socket) throws CachedUnavailableException {
    try {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        ch.connect(UnixDomainSocketAddress.of(socket));
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      return new Line(ch, null, socket.toString());
    } catch (IOException | UnsupportedOperationException e) {
      throw new CachedUnavailableException("cannot connect to " + socket + ": " + e.getMessage(), e);
    }
  }

  private static Line tcp(Path socket) throws CachedUnavailableException {
    Path file = Endpoint.fileOf(socket);
    Endpoint endpoint;
    try {
      endpoint = Endpoint.read(file);
    } catch (NoSuchFileException e) {
      throw new CachedUnavailableException("cannot connect over tcp: no endpoint file " + file
          + " (no daemon on " + socket + ", or it does not listen on tcp: start it with --listen unix,tcp)", e);
    } catch (IOException e) {
      throw new CachedUnavailableException("cannot connect over tcp: " + e.getMessage(), e);
    }
    String where = "tcp " + endpoint.host() + ":" + endpoint.port() + " (from " + file + ")";
    try {
      SocketChannel ch = SocketChannel.open();
      try {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.connect(new InetSocketAddress(endpoint.host(), endpoint.port()));
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      return new Line(ch, endpoint.cookie(), where);
    } catch (IOException e) {
      throw new CachedUnavailableException("cannot connect to " + where + ": " + e.getMessage(), e);
    }
  }

  /**
   * Before a connection is closed: over TCP, ends our side and waits (at most 5 s) for {@code
   * reader} to see the daemon's end of stream, that is until the daemon has read everything.
   * Closing a TCP socket with answers still unread makes the kernel reset the connection and drop
   * what it has not transmitted yet; a Unix socket keeps what was sent, and needs none of this.
   */
  static void handOver(SocketChannel channel, Thread reader) throws InterruptedException {
    try {
      if (channel.isOpen() && channel.getRemoteAddress() instanceof InetSocketAddress) {
        channel.shutdownOutput();
        reader.join(5000);
      }
    } catch (IOException e) {
      // already broken: nothing more can be handed over
    }
  }

  /**
   * What a refused hello on {@code line} means to the caller: a cookie the daemon refused (an
   * endpoint file from an earlier start) makes the daemon unavailable, a protocol it does not speak
   * is version skew with the fix in one line, anything else is the refusal itself.
   */
  static CachedException helloRefused(Line line, Path socket, CachedException e) {
    if (e.code() == ErrorCode.NOT_AUTHORIZED) {
      return new CachedUnavailableException("the daemon on " + line.where()
          + " refused the endpoint file's cookie (the file is from an earlier start?): " + e.getMessage(), e);
    }
    return e.code() == ErrorCode.PROTOCOL_VERSION ? VersionCheck.refused(socket, e) : e;
  }
}
