package dev.cached.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code auto|unix|tcp}: parsing, and the daemon's listeners autostart asks for. */
class TransportTest {
  @Test
  void parse_ignoresCaseAndSpace_emptyIsAuto() {
    assertEquals(Transport.TCP, Transport.parse(" TCP "));
    assertEquals(Transport.UNIX, Transport.parse("unix"));
    assertEquals(Transport.AUTO, Transport.parse(null));
    assertEquals(Transport.AUTO, Transport.parse(""));
  }

  @Test
  void parse_badWord_namesItAndTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transport.parse("pipe"));
    assertEquals("transport : 'pipe' (expected: auto, unix or tcp)", e.getMessage());
  }

  @Test
  void autostart_asksForTcp_onlyWhenTheClientNeedsIt() {
    assertTrue(Dial.unixSupported(), "this test runs where the JDK has AF_UNIX");
    assertEquals(List.of("--listen", "unix,tcp"), Autostart.listen(Transport.TCP));
    assertEquals(List.of(), Autostart.listen(Transport.UNIX));
    assertEquals(List.of(), Autostart.listen(Transport.AUTO));
  }
}
