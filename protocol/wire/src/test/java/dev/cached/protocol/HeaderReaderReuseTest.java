package dev.cached.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link HeaderReader#readHeader} keeps one non-blocking parser from header to header: what it reads
 * is what a new parser per header read, and a header it cannot read leaves no trace on the next.
 */
class HeaderReaderReuseTest {
  private static final String HOT = "{\"op\":\"write\",\"id\":7,\"path\":\"next\",\"size\":3}";
  private static final Request HOT_REQUEST = new Request.Write(7, "next", Ack.QUEUED, null);

  @Test
  void manyHotHeadersInARow_sameRequestsAsTheTreeParse_allWithoutATree() throws Exception {
    Random r = new Random(18);
    HeaderReader reader = new HeaderReader(HotHeaders.MAX_HEADER, HotHeaders.MAX_PAYLOAD);
    long fed = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] json = HotHeaders.hot(r, r.nextLong()).getBytes(StandardCharsets.UTF_8);
      fed += json.length;
      HeaderReader.Header h = reader.readHeader(ByteBuffer.wrap(HotHeaders.framed(json)));
      String text = new String(json, StandardCharsets.UTF_8);
      assertNull(h.tree(), "header " + i + " read without a tree: " + text);
      ObjectNode tree = (ObjectNode) Json.mapper().readTree(json);
      int size = tree.path("size").asInt();
      assertEquals(Requests.parse(tree, size), h.request(), "header " + i + ": " + text);
      assertEquals(size, reader.payloadSize(), "header " + i + ": " + text);
      assertEquals(HotHeaders.fresh(HotHeaders.framed(json)), HotHeaders.read(reader, HotHeaders.framed(json), 1 + r.nextInt(40)),
          "header " + i + " again, in chunks: " + text);
    }
    assertTrue(fed > 4L * Protocol.MAX_HEADER, "a parser is replaced every 64 KiB fed; fed " + fed);
  }

  @Test
  void escapesNonAsciiUnknownFieldsAcksAndAByteOrderMark() throws Exception {
    HeaderReader reader = new HeaderReader(HotHeaders.MAX_HEADER, HotHeaders.MAX_PAYLOAD);
    assertEquals(new Request.Write(1, "a\"b\\c/é日😀", Ack.DURABLE, null),
        hot(reader, "{\"op\":\"write\",\"id\":1,\"path\":\"a\\\"b\\\\c\\/\\u00e9日\\ud83d\\ude00\",\"ack\":\"durable\"}"));
    assertEquals(new Request.Delete(-2, "é", Ack.QUEUED),
        hot(reader, " {\"x\":0,\"id\":-2,\"y\":\"z\",\"op\":\"delete\",\"path\":\"é\",\"t\":true,\"ack\":\"queued\"}\n"));
    assertEquals(new Request.Delete(3, "bom", Ack.QUEUED),
        hot(reader, "\uFEFF{\"op\":\"delete\",\"id\":3,\"path\":\"bom\"}")); // as the blocking parser skips it
    assertEquals(new Request.Replace(Long.MAX_VALUE, "from", "to", Ack.QUEUED),
        hot(reader, "{\"op\":\"replace\",\"id\":9223372036854775807,\"from\":\"from\",\"path\":\"to\",\"n\":1.5e3}"));
  }

  /**
   * Headers the long-lived parser must not read (it hands them to the tree path and starts the next
   * header on a new parser): each in the middle of a run of hot headers.
   */
  static Stream<Arguments> fallbacks() {
    return Stream.of(
        Arguments.of("malformed", "{\"op\":\"write\",\"id\":1,\"path\":\"a\",}"),
        Arguments.of("garbage", "{\"op\":\"write\",\"id\":1,"),
        Arguments.of("duplicate field", "{\"op\":\"write\",\"id\":1,\"path\":\"a\",\"path\":\"b\"}"),
        Arguments.of("mode present", "{\"op\":\"write\",\"id\":1,\"path\":\"a\",\"mode\":420}"),
        Arguments.of("two objects", "{\"op\":\"write\",\"id\":1,\"path\":\"a\"}{\"op\":\"write\",\"id\":2"),
        Arguments.of("two whole objects", "{\"op\":\"delete\",\"id\":1,\"path\":\"a\"} {\"op\":\"delete\",\"id\":2,\"path\":\"b\"}"),
        Arguments.of("truncated object", "{\"op\":\"write\",\"id\":1,\"path\":\"a\""),
        Arguments.of("truncated number", "{\"op\":\"write\",\"path\":\"a\",\"id\":1"),
        Arguments.of("partial string after", "{\"op\":\"write\",\"id\":1,\"path\":\"a\"} \"abc"),
        Arguments.of("partial literal after", "{\"op\":\"write\",\"id\":1,\"path\":\"a\"}\ttr"),
        Arguments.of("number after", "{\"op\":\"write\",\"id\":1,\"path\":\"a\"} 12"),
        Arguments.of("whitespace only", " \n "),
        Arguments.of("nested unknown", "{\"op\":\"write\",\"id\":1,\"path\":\"a\",\"x\":{\"y\":[1,{\"z\":2}]}}"),
        Arguments.of("not UTF-8", "{\"op\":\"write\",\"id\":1,\"path\":\"\u0000\"}"),
        Arguments.of("array", "[{\"op\":\"write\",\"id\":1,\"path\":\"a\"}]"),
        Arguments.of("hello", "{\"op\":\"hello\",\"id\":0,\"protocol\":1,\"client\":\"t/1\",\"pid\":4,\"ordered\":true}"),
        Arguments.of("flush", "{\"op\":\"flush\",\"id\":3}"),
        Arguments.of("size too large", "{\"op\":\"write\",\"id\":1,\"path\":\"a\",\"size\":1048577}"),
        Arguments.of("too deep", "{\"op\":\"write\",\"id\":1,\"path\":\"a\",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fallbacks")
  void afterAHeaderTheParserCannotRead_treePathAsBefore_andTheNextHotHeaderFast(String kind, String json) throws Exception {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (kind.equals("not UTF-8")) {
      bytes[bytes.length - 3] = (byte) 0x80; // the NUL becomes a continuation byte with no lead
    }
    HeaderReader reader = new HeaderReader(HotHeaders.MAX_HEADER, HotHeaders.MAX_PAYLOAD);
    assertEquals(HOT_REQUEST, hot(reader, HOT));
    HotHeaders.Outcome got = HotHeaders.read(reader, HotHeaders.framed(bytes), bytes.length + 4);
    assertEquals(HotHeaders.fresh(HotHeaders.framed(bytes)), got, kind + ": as a new parser and the tree path read it");
    assertFalse(got.fast(), kind + ": left to the tree path");
    assertEquals(HOT_REQUEST, hot(reader, HOT), kind + ": the next header");
    assertEquals(HOT_REQUEST, hot(reader, HOT), kind + ": and the one after");
  }

  @Test
  void theTreePathWordsTheErrorsAsBefore() {
    HeaderReader reader = new HeaderReader(HotHeaders.MAX_HEADER, HotHeaders.MAX_PAYLOAD);
    for (String json : List.of(
        "{\"op\":\"write\",\"id\":1,\"path\":\"a\"}{\"op\":\"write\",\"id\":2", "{\"op\":\"write\",\"id\":1,", " ")) {
      assertEquals(HOT_REQUEST, hot(reader, HOT));
      String outcome = HotHeaders.read(reader, HotHeaders.framed(json.getBytes(StandardCharsets.UTF_8)), 1000).text();
      assertTrue(outcome.startsWith("error BAD_FRAME fatal true header is "), outcome);
    }
    assertEquals(HOT_REQUEST, hot(reader, HOT));
    String dup = HotHeaders.read(reader, HotHeaders.framed(
        "{\"op\":\"write\",\"id\":1,\"path\":\"a\",\"path\":\"b\"}".getBytes(StandardCharsets.UTF_8)), 1000).text();
    assertTrue(dup.contains("Duplicate field 'path'"), dup);
  }

  @Test
  void releasedReader_readsOnWithANewParser() {
    HeaderReader reader = new HeaderReader(HotHeaders.MAX_HEADER, HotHeaders.MAX_PAYLOAD);
    assertEquals(HOT_REQUEST, hot(reader, HOT));
    reader.release();
    reader.release();
    assertEquals(HOT_REQUEST, hot(reader, HOT));
  }

  /** Reads one hot header, which must be read without a tree. */
  private static Request hot(HeaderReader reader, String json) {
    try {
      HeaderReader.Header h = reader.readHeader(ByteBuffer.wrap(HotHeaders.framed(json.getBytes(StandardCharsets.UTF_8))));
      assertNull(h.tree(), "read without a tree: " + json);
      return h.request();
    } catch (ProtocolException e) {
      throw new AssertionError(json, e);
    }
  }
}
