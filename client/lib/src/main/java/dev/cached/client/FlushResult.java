package dev.cached.client;

import java.util.List;

/**
 * The answer to a flush: every request sent before it is final.
 *
 * @param done requests that became final since the previous flush
 * @param failed those of them that failed, refused ones included
 */
public record FlushResult(long done, List<Failure> failed) {
  public FlushResult {
    failed = List.copyOf(failed);
  }

  public boolean ok() {
    return failed.isEmpty();
  }
}
