package dev.cached.daemon.janitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.cached.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roots this daemon has served, kept in {@code roots.json} in the state directory so the
 * start-up sweep knows where crashed runs may have left temps. Bounded to the 1000 most recent.
 *
 * <p>Concurrency: guarded by the instance monitor; the file is rewritten atomically (temp + rename).
 */
public final class KnownRoots {
  private static final Logger LOG = LoggerFactory.getLogger(KnownRoots.class);
  private static final int MAX = 1000;

  private final Path file;
  @GuardedBy("this")
  private final LinkedHashSet<String> roots = new LinkedHashSet<>();

  public KnownRoots(Path stateDir) {
    this.file = stateDir.resolve("roots.json");
    try {
      if (Files.exists(file)) {
        JsonNode n = Json.mapper().readTree(file.toFile());
        if (n != null && n.isArray()) {
          n.forEach(r -> roots.add(r.asText()));
        }
      }
    } catch (IOException e) {
      LOG.warn("known roots: cannot read {} ({}); starting with none", file, e.toString());
    }
  }

  /** Records {@code root}; returns true when it was new (and the file was rewritten). */
  public boolean add(Path root) {
    synchronized (this) {
      String r = root.toString();
      if (roots.contains(r)) {
        return false;
      }
      roots.add(r);
      while (roots.size() > MAX) {
        roots.remove(roots.iterator().next());
      }
      save();
      return true;
    }
  }

  public synchronized List<Path> all() {
    return roots.stream().map(Path::of).toList();
  }

  @GuardedBy("this")
  private void save() {
    ArrayNode a = Json.mapper().createArrayNode();
    roots.forEach(a::add);
    Path tmp = file.resolveSibling("roots.json.tmp");
    try {
      Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(a));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.warn("known roots: cannot write {} ({})", file, e.toString());
    }
  }

  /** For tests. */
  synchronized Set<String> view() {
    return Set.copyOf(roots);
  }
}
