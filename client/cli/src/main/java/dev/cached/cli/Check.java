package dev.cached.cli;

/**
 * One finding of {@code cached doctor}.
 *
 * @param name what was checked, like {@code socket directory}
 * @param ok whether it is fine
 * @param text for ok, what was found; otherwise the problem and its fix
 */
record Check(String name, boolean ok, String text) {
  static Check ok(String name, String text) {
    return new Check(name, true, text);
  }

  static Check fix(String name, String text) {
    return new Check(name, false, text);
  }

  /** {@code ok   name: text} or {@code FIX: name: text}. */
  String line() {
    return (ok ? "ok   " : "FIX: ") + name + ": " + text;
  }
}
