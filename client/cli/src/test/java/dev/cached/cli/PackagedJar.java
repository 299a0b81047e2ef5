package dev.cached.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The build's jar layout, made from the test class path: {@code cached.jar} (the command line's
 * classes, a manifest {@code Class-Path}) with every library in {@code lib/}, as {@code
 * client/cli/target} has it. A JDK archives classes from jars only, so class-data tests need this.
 */
final class PackagedJar {
  private PackagedJar() {}

  /** Builds the layout in {@code target}; returns {@code cached.jar}. */
  static Path build(Path target) throws IOException {
    Path lib = Files.createDirectories(target.resolve("lib"));
    Path own = ownClasses();
    List<String> classPath = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      Path copy;
      if (p.equals(own) || p.endsWith("test-classes") || !Files.exists(p)) {
        continue;
      } else if (Files.isDirectory(p)) {
        copy = lib.resolve("dir" + (n++) + ".jar");
        jar(p, copy, null);
      } else {
        copy = lib.resolve((n++) + "-" + p.getFileName());
        Files.copy(p, copy);
      }
      classPath.add("lib/" + copy.getFileName());
    }
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
    Path jar = target.resolve("cached.jar");
    jar(own, jar, m);
    return jar;
  }

  private static Path ownClasses() throws IOException {
    try {
      return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
    } catch (URISyntaxException e) {
      throw new IOException("where are the command line's classes? " + e, e);
    }
  }

  private static void jar(Path dir, Path jar, Manifest manifest) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = manifest == null ? new JarOutputStream(out) : new JarOutputStream(out, manifest);
        Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
        if (name.equals("META-INF/MANIFEST.MF")) {
          continue;
        }
        j.putNextEntry(new JarEntry(name));
        Files.copy(f, j);
        j.closeEntry();
      }
    }
  }
}
