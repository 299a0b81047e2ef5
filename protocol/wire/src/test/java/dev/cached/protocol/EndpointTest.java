package dev.cached.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint file: its place, its JSON both ways, and clear errors for a bad one. */
class EndpointTest {
  private static final String COOKIE = "0123456789abcdef".repeat(4);

  @TempDir Path dir;

  @Test
  void fileOf_isTheSocketPathPlusEndpoint() {
    assertEquals(Path.of("/run/u/cached/cached.sock.endpoint"), Endpoint.fileOf(Path.of("/run/u/cached/cached.sock")));
  }

  @Test
  void roundTrip_andToStringHidesTheCookie() throws Exception {
    Endpoint e = new Endpoint(1, 42, "0.1.0", "127.0.0.1", 40123, COOKIE);
    Path f = Files.write(dir.resolve("e"), Json.mapper().writeValueAsBytes(e.toJson()));
    assertEquals(e, Endpoint.read(f));
    assertFalse(e.toString().contains(COOKIE), e.toString());
    assertEquals("{\"protocol\":1,\"pid\":42,\"version\":\"0.1.0\",\"tcp\":{\"host\":\"127.0.0.1\",\"port\":40123},\"cookie\":\"" + COOKIE + "\"}",
        e.toJson().toString());
  }

  @Test
  void missing_isNoSuchFile() {
    assertThrows(NoSuchFileException.class, () -> Endpoint.read(dir.resolve("none")));
  }

  @Test
  void badFiles_nameTheFileAndTheProblem() throws Exception {
    assertProblem("not json", "not valid JSON");
    assertProblem("{\"cookie\":\"" + COOKIE + "\"}", "expected an object with a \"tcp\" object");
    assertProblem("{\"tcp\":{\"host\":\"127.0.0.1\",\"port\":0},\"cookie\":\"" + COOKIE + "\"}", "expected: a host and a port 1..65535");
    assertProblem("{\"tcp\":{\"host\":\"127.0.0.1\",\"port\":1},\"cookie\":\"short\"}", "cookie is not 64 lowercase hex digits");
    assertProblem("{\"tcp\":{\"host\":\"127.0.0.1\",\"port\":1},\"cookie\":7}", "cookie is not 64 lowercase hex digits");
    assertProblem(" ".repeat(5000), "5000 bytes (expected: at most 4096)");
  }

  private void assertProblem(String content, String expected) throws Exception {
    Path f = Files.writeString(dir.resolve("bad"), content);
    IOException e = assertThrows(IOException.class, () -> Endpoint.read(f));
    assertTrue(e.getMessage().startsWith("endpoint file " + f + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
