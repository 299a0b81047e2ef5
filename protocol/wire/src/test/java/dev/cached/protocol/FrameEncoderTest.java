package dev.cached.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming encoding of a write's header gives the tree encoding's bytes, field for field. */
class FrameEncoderTest {
  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Test
  void writeHeadIsTheTreesBytes() {
    List<Request.Write> writes = List.of(
        new Request.Write(1, "a.json", Ack.QUEUED, new byte[3]),
        new Request.Write(0, "3.11/enum.data.json", Ack.DURABLE, null),
        new Request.Write(Long.MAX_VALUE, "dir/é😀 \"quoted\" \\ back\tslash\u0001.json", Ack.QUEUED, 0644, 1_700_000_000_123L, null),
        new Request.Write(42, "m", Ack.DURABLE, 0, null, null),
        new Request.Write(43, "t", Ack.QUEUED, null, -5L, null));
    for (Request.Write w : writes) {
      for (int size : new int[] {0, 1, 4096, Integer.MAX_VALUE}) {
        assertArrayEquals(bytes(FrameEncoder.head(w.header(), size)), bytes(FrameEncoder.writeHead(w, size)), w + " size " + size);
      }
    }
  }

  @Test
  void aWriteHeaderOverTheLimitIsRefusedAsByTheTree() {
    Request.Write huge = new Request.Write(1, "p".repeat(Protocol.MAX_HEADER), Ack.QUEUED, null);
    assertThrows(IllegalArgumentException.class, () -> FrameEncoder.head(huge.header(), 1));
    assertThrows(IllegalArgumentException.class, () -> FrameEncoder.writeHead(huge, 1));
  }
}
