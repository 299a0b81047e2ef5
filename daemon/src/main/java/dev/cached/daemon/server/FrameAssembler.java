package dev.cached.daemon.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.HeaderReader;
import dev.cached.protocol.ProtocolException;
import dev.cached.protocol.Request;
import dev.cached.protocol.Requests;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Frames from a connection's socket buffers, with payloads kept off the Java heap: a payload up
 * to {@link #COPY_LIMIT} bytes is copied into a direct buffer of its exact size (so a small write
 * never pins a whole receive buffer); a larger one is a composite of retained slices of the
 * receive buffers it arrived in (no copy at all). Either way the bytes reach the file through a
 * gathering write without passing through a {@code byte[]}.
 *
 * <p>A payload grows with the bytes that actually arrive: a peer that declares a large size and
 * stalls holds what it sent (plus at most two receive buffers), never the declared size.
 *
 * <p>Concurrency: not thread-safe; one per connection, used on its event loop.
 */
final class FrameAssembler {
  /** Payloads up to this size are copied; larger ones are assembled from slices. */
  static final int COPY_LIMIT = 64 * 1024;
  /** Slices a large payload may have before Netty consolidates them (one gathering write takes 1024). */
  private static final int MAX_SLICES = 1024;

  /**
   * A complete frame: its header, either as the request a streaming parse read ({@code header}
   * null) or as a tree ({@code request} null), and its payload ({@code null} when the frame has
   * none); the receiver owns the payload.
   */
  record Incoming(ObjectNode header, Request request, int size, ByteBuf payload) {
    /** The frame's request, parsed from the tree if the streaming parse did not read it. */
    Request parse() throws ProtocolException {
      return request != null ? request : Requests.parse(header, size);
    }
  }

  private final HeaderReader headers;
  private HeaderReader.Header header;
  private int size;
  private ByteBuf payload;
  private boolean broken;

  FrameAssembler(int maxHeader, long maxPayload) {
    this.headers = new HeaderReader(maxHeader, maxPayload);
  }

  /** True when part of a frame is in (some bytes read, the frame not complete). */
  boolean midFrame() {
    return headers.midHeader() || header != null;
  }

  /**
   * Consumes bytes of {@code in} until a frame is complete or {@code in} is drained.
   *
   * @return the next frame, or null when more bytes are needed
   * @throws ProtocolException (always fatal) when the bytes cannot be a valid frame
   */
  Incoming next(ByteBuf in, ByteBufAllocator alloc) throws ProtocolException {
    if (broken) {
      throw ProtocolException.fatal(ErrorCode.BAD_FRAME, "decoder already failed; stream unusable");
    }
    if (header == null) {
      // A receive buffer is one piece of memory: read the header through its reused NIO view
      // instead of a new ByteBuffer per frame.
      java.nio.ByteBuffer view =
          in.nioBufferCount() == 1
              ? in.internalNioBuffer(in.readerIndex(), in.readableBytes())
              : in.nioBuffer(in.readerIndex(), in.readableBytes());
      int before = view.position();
      try {
        header = headers.readHeader(view);
      } catch (ProtocolException e) {
        broken = true;
        throw e;
      } finally {
        in.skipBytes(view.position() - before);
      }
      if (header == null) {
        return null;
      }
      size = headers.payloadSize();
      if (size == 0) {
        return complete();
      }
      payload = size <= COPY_LIMIT ? alloc.directBuffer(size, size) : alloc.compositeDirectBuffer(MAX_SLICES);
    }
    int n = Math.min(in.readableBytes(), size - payload.writerIndex());
    if (payload instanceof CompositeByteBuf) {
      ((CompositeByteBuf) payload).addComponent(true, in.readRetainedSlice(n));
    } else {
      payload.writeBytes(in, n);
    }
    return payload.writerIndex() == size ? complete() : null;
  }

  private Incoming complete() {
    Incoming f = new Incoming(header.tree(), header.request(), size, payload);
    header = null;
    payload = null;
    return f;
  }

  /**
   * Gives back what it holds: a partial payload (the connection closed mid-frame) and the header
   * reader's parser. Call it when the connection is done or the assembler replaced.
   */
  void release() {
    headers.release();
    if (payload != null) {
      payload.release();
      payload = null;
    }
  }
}
