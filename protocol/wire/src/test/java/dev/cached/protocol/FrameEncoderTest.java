package dev.cached.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A connection's kept write-header generator gives the tree encoding's bytes, field for field, header after header. */
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
    WriteHeads heads = new WriteHeads();
    for (int round = 0; round < 3; round++) {
      for (Request.Write w : writes) {
        for (int size : new int[] {0, 1, 4096, Integer.MAX_VALUE}) {
          assertArrayEquals(bytes(FrameEncoder.head(w.header(), size)), bytes(heads.head(w, size)), w + " size " + size);
        }
      }
    }
  }

  @Test
  void aWriteHeaderOverTheLimitIsRefusedAsByTheTree() {
    Request.Write huge = new Request.Write(1, "p".repeat(Protocol.MAX_HEADER), Ack.QUEUED, null);
    assertThrows(IllegalArgumentException.class, () -> FrameEncoder.head(huge.header(), 1));
    WriteHeads heads = new WriteHeads();
    assertThrows(IllegalArgumentException.class, () -> heads.head(huge, 1));
    Request.Write next = new Request.Write(2, "a", Ack.QUEUED, null);
    assertArrayEquals(bytes(FrameEncoder.head(next.header(), 5)), bytes(heads.head(next, 5)), "the next header after a refused one");
  }
}
