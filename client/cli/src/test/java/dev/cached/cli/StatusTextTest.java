package dev.cached.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cached.protocol.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The human status screen shows what is stuck: retrying writes, open breakers, the lazy-delete list. */
class StatusTextTest {
  private static JsonNode status(String json) throws IOException {
    return Json.mapper().readTree(json.replace('\'', '"'));
  }

  private static final String DEGRADED = "{'version':'0.1.0','pid':7,'uptimeMillis':61000,'transport':'epoll',"
      + "'connections':[{'client':'mypy/1.13','pid':42,'root':'/c','ordered':true,'requests':9,'pending':3,'blockedBy':'/c/index.json'}],"
      + "'queue':{'ops':3,'bytes':2048,'oldestAgeMillis':2500,'readingPaused':false},"
      + "'retrying':[{'path':'/c/index.json','op':'write','attempts':14,'ageMillis':2500,'lastError':'replace /c/index.json: FileSystemException: Operation not permitted'}],"
      + "'breakers':[{'directory':'/full','failures':3,'reason':'temp-write /full/.x.0123456789abcdef.cached-tmp: IOException: No space left on device','openMillis':1200,'nextProbeMillis':800}],"
      + "'lazyDelete':{'pending':1,'removed':4,'paths':[{'path':'/c/.a.0123456789abcdef.cached-tmp','lastError':'AccessDeniedException'}]},"
      + "'lastSweep':{'at':'2030-01-01T00:00:00Z','roots':2,'removed':5,'failed':0},"
      + "'totals':{},'latency':{}}";

  @Test
  void showsRetryingWritesWithAttemptsAgeAndLastError() throws IOException {
    String text = StatusText.render(status(DEGRADED));
    assertTrue(text.contains("retrying     1"), text);
    assertTrue(text.contains("write /c/index.json  attempt 14, 2.5s  replace /c/index.json: FileSystemException: Operation not permitted"), text);
  }

  @Test
  void showsTheBlockedOrderedConnection() throws IOException {
    String text = StatusText.render(status(DEGRADED));
    assertTrue(text.contains("[ordered]") && text.contains("blocked by /c/index.json"), text);
  }

  @Test
  void showsOpenBreakersAndSaysDegraded() throws IOException {
    String text = StatusText.render(status(DEGRADED));
    assertTrue(text.contains("DEGRADED (breaker open)"), text);
    assertTrue(text.contains("breakers     1 open"), text);
    assertTrue(text.contains("/full  3 failures, open 1.2s, next probe in 800ms: temp-write"), text);
  }

  @Test
  void showsTheLazyDeleteListAndTheLastSweep() throws IOException {
    String text = StatusText.render(status(DEGRADED));
    assertTrue(text.contains("lazy-delete 1 pending, 4 removed; last sweep 2030-01-01T00:00:00Z removed 5"), text);
    assertTrue(text.contains("lazy-delete /c/.a.0123456789abcdef.cached-tmp  AccessDeniedException"), text);
  }

  @Test
  void healthyWhenNothingIsStuck() throws IOException {
    String text = StatusText.render(status("{'retrying':[],'breakers':[],'lazyDelete':{'pending':0,'removed':0},'lastSweep':{}}"));
    assertTrue(text.contains("healthy"), text);
    assertTrue(text.contains("breakers     all closed"), text);
    assertTrue(text.contains("last sweep not yet run"), text);
  }
}
