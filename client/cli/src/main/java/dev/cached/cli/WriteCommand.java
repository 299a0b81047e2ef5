package dev.cached.cli;

import dev.cached.client.CachedClient;
import dev.cached.client.CachedUnavailableException;
import dev.cached.config.CachedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cached write ROOT PATH}: writes one file through the daemon. */
@Command(name = "write", mixinStandardHelpOptions = true,
    description = "Write one file through the daemon and wait until it is on disk. Payload from --file, else stdin.")
final class WriteCommand implements Callable<Integer> {
  @Mixin Places places;

  @Parameters(index = "0", paramLabel = "ROOT", description = "the cache directory (absolute or relative to here)")
  Path root;

  @Parameters(index = "1", paramLabel = "PATH", description = "the file's path relative to ROOT, '/'-separated")
  String path;

  @Option(names = "--file", paramLabel = "FILE", description = "read the payload from FILE instead of stdin")
  Path file;

  @Option(names = "--queued", description = "return once the daemon has accepted the write, not once it is on disk")
  boolean queued;

  @Override
  public Integer call() throws Exception {
    CachedConfig config = places.load();
    byte[] data = file != null ? Files.readAllBytes(file) : System.in.readAllBytes();
    try (CachedClient c = CachedClient.connect(ClientTransport.options(config.socket(), "cached-cli").root(root.toAbsolutePath()))) {
      if (queued) {
        c.write(path, data).get();
        System.out.println("queued " + data.length + " bytes for " + root.toAbsolutePath().resolve(path));
      } else {
        String outcome = c.writeDurable(path, data);
        System.out.println(outcome + " " + data.length + " bytes to " + root.toAbsolutePath().resolve(path));
      }
      return 0;
    } catch (CachedUnavailableException e) {
      return Admin.notRunning(config.socket());
    }
  }
}
