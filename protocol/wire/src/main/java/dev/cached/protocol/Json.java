package dev.cached.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapper of the protocol, with bounds on what a header may hold: nesting depth 16,
 * strings up to {@link Protocol#MAX_HEADER} characters, numbers up to 32 digits, and no duplicate
 * keys. A header is already bounded by its length prefix; these bounds keep the parse itself cheap.
 *
 * <p>Concurrency: {@link ObjectMapper} is thread-safe once configured; this class is stateless.
 */
public final class Json {
  /** Maximum nesting depth of a header object. */
  public static final int MAX_DEPTH = 16;

  private static final ObjectMapper MAPPER = build();
  /**
   * The same limits without the parser's own duplicate detection, which costs a hash set per
   * header: for {@link StreamingRequests}, which detects duplicates itself.
   */
  private static final JsonFactory STREAMING = factory(false);

  private Json() {}

  private static ObjectMapper build() {
    return new ObjectMapper(factory(true))
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  private static JsonFactory factory(boolean strictDuplicates) {
    return JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(Protocol.MAX_HEADER)
                    .maxNumberLength(32)
                    .maxNameLength(1024)
                    .maxDocumentLength(Protocol.MAX_HEADER)
                    .build())
            .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, strictDuplicates)
            .build();
  }

  /** The factory for {@link StreamingRequests}: the mapper's limits, duplicates left to the caller. */
  static JsonFactory streamingFactory() {
    return STREAMING;
  }

  /** The shared bounded mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A new empty object node. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }
}
