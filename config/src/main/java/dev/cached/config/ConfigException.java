package dev.cached.config;

import java.util.List;

/**
 * A config that cannot be used. Each problem names the key, the value, the source and what is
 * allowed, Netty style:
 *
 * <pre>
 * retry.deadline : "soon" from /home/u/.config/cached/config.toml (expected: a duration like 250ms, 10s, 2m)
 * </pre>
 *
 * A load reports every problem it finds; the message holds them one per line.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(String message) {
    super(message);
    this.problems = List.of(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
    this.problems = List.of(message);
  }

  /** One exception for several problems; the message is the problems joined by newlines. */
  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem on its own, in the order found. */
  public List<String> problems() {
    return problems;
  }
}
