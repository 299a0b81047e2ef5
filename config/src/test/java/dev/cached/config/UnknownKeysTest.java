package dev.cached.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnknownKeysTest {
  @TempDir Path home;

  @Test
  void unknownKeyInTable_suggestsTheNearest() throws Exception {
    Loads loads = new Loads(home);
    String message = loads.fileFailure("[retry]\ndedline = \"60s\"\n");
    assertEquals("retry.dedline : \"60s\" from " + loads.defaultFile() + " (unknown key; did you mean retry.deadline?)", message);
  }

  @Test
  void wrongCase_suggestsTheRightSpelling() throws Exception {
    Loads loads = new Loads(home);
    assertEquals("statedir : \"/s\" from " + loads.defaultFile() + " (unknown key; did you mean stateDir?)",
        loads.fileFailure("statedir = \"/s\"\n"));
  }

  @Test
  void unknownTopLevelKey_listsTheKnownOnes() throws Exception {
    Loads loads = new Loads(home);
    String message = loads.fileFailure("colour = \"blue\"\n");
    assertTrue(message.startsWith("colour : \"blue\" from " + loads.defaultFile()
        + " (unknown key; expected one of: socket, stateDir, listen, tcpHost, tcpPort, maxPayload,"), message);
    assertTrue(message.endsWith("faults.holdShare, faults.holdTime)"), message);
  }

  @Test
  void unknownTable_isUnknownKeys() throws Exception {
    Loads loads = new Loads(home);
    String message = loads.fileFailure("[server]\nport = 80\n");
    assertTrue(message.startsWith("server : {\"port\":80} from " + loads.defaultFile() + " (unknown key;"), message);
  }

  @Test
  void tableGivenAsScalar_saysItMustBeATable() throws Exception {
    Loads loads = new Loads(home);
    assertEquals("retry : 5 from " + loads.defaultFile() + " (expected: a table with keys cap, deadline, factor, first)",
        loads.fileFailure("retry = 5\n"));
  }

  @Test
  void unknownFlag_isRejected() {
    String message = new Loads(home).failure(Map.of("sockett", "/s"), Map.of());
    assertEquals("sockett : \"/s\" from flag --sockett (unknown key; did you mean socket?)", message);
  }
}
