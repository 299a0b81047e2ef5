package dev.cached.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link TempNames#tempFor}: beside the target, within 255 bytes, never cutting a character. */
class TempNamesTest {
  private static final Path DIR = Path.of("cache", "dir").toAbsolutePath();
  private static final int HEX_AND_SUFFIX = 1 + 16 + TempNames.SUFFIX.length();

  private static String name(Path temp) {
    String n = temp.getFileName().toString();
    assertTrue(TempNames.isTemp(n), n + " matches the pattern");
    assertTrue(n.getBytes(StandardCharsets.UTF_8).length <= 255, n + " fits in 255 bytes");
    return n;
  }

  /** The kept part of the target's name: between the leading dot and the random part. */
  private static String stem(String tempName) {
    return tempName.substring(1, tempName.length() - HEX_AND_SUFFIX);
  }

  @Test
  void aShortNameIsKeptWholeBesideTheTarget() {
    Path target = DIR.resolve("enum.data.json");
    Path temp = TempNames.tempFor(target);
    assertEquals(DIR, temp.getParent());
    assertEquals("enum.data.json", stem(name(temp)));
    assertNotEquals(temp, TempNames.tempFor(target), "a fresh random part each time");
  }

  @Test
  void aBareNameGetsABareTemp() {
    Path temp = TempNames.tempFor(Path.of("x.json"));
    assertEquals(null, temp.getParent());
    assertEquals("x.json", stem(name(temp)));
  }

  @Test
  void aLongAsciiNameIsCutToFit() {
    String n = "a".repeat(255);
    String stem = stem(name(TempNames.tempFor(DIR.resolve(n))));
    assertEquals(255 - 1 - HEX_AND_SUFFIX, stem.length());
    assertTrue(n.startsWith(stem));
  }

  @Test
  void multiByteCharactersAreNeverCut() {
    for (String unit : new String[] {"é", "€", "\ud83d\ude00", "a\ud83d\ude00", "ab€"}) {
      String n = unit.repeat(255 / unit.getBytes(StandardCharsets.UTF_8).length);
      String stem = stem(name(TempNames.tempFor(DIR.resolve(n))));
      assertTrue(n.startsWith(stem), unit);
      assertTrue(!stem.isEmpty() && !Character.isHighSurrogate(stem.charAt(stem.length() - 1)), unit + ": no half pair");
      int bytes = stem.getBytes(StandardCharsets.UTF_8).length;
      int next = n.substring(stem.length()).codePoints().limit(1).mapToObj(Character::toString)
          .findFirst().orElseThrow().getBytes(StandardCharsets.UTF_8).length;
      assertTrue(bytes + next > 255 - 1 - HEX_AND_SUFFIX, unit + ": as much is kept as fits (" + bytes + " bytes)");
    }
  }

  /** Random names of mixed widths: the counted length agrees with the encoder's, up to the limit. */
  @Test
  void countingAgreesWithEncoding() {
    String[] units = {"a", "é", "€", "\ud83d\ude00", ".", "-"};
    SplittableRandom random = new SplittableRandom(18);
    for (int round = 0; round < 2000; round++) {
      StringBuilder b = new StringBuilder();
      int len = random.nextInt(1, 200);
      for (int i = 0; i < len; i++) {
        b.append(units[random.nextInt(units.length)]);
      }
      String n = b.toString();
      int max = random.nextInt(0, 300);
      int kept = Utf8.fit(n, 0, max);
      int bytes = n.substring(0, kept).getBytes(StandardCharsets.UTF_8).length;
      assertTrue(bytes <= max, n + " / " + max);
      assertTrue(kept == n.length() || bytes + n.substring(kept).codePoints().limit(1)
          .mapToObj(Character::toString).findFirst().orElseThrow().getBytes(StandardCharsets.UTF_8).length > max, n + " / " + max);
      String stem = stem(name(TempNames.tempFor(DIR.resolve(n))));
      assertEquals(n.substring(0, Utf8.fit(n, 0, 255 - 1 - HEX_AND_SUFFIX)), stem);
    }
  }

  /** On a Windows file system (Jimfs) the temp is beside the target too, split at its backslashes. */
  @Test
  void onWindowsTheTempIsBesideTheTarget() throws Exception {
    try (java.nio.file.FileSystem win = com.google.common.jimfs.Jimfs.newFileSystem(com.google.common.jimfs.Configuration.windows())) {
      Path target = win.getPath("C:\\work\\cache\\3.11\\enum.data.json");
      Path temp = TempNames.tempFor(target);
      assertEquals(target.getParent(), temp.getParent());
      assertEquals("enum.data.json", stem(name(temp)));
      Path bare = TempNames.tempFor(win.getPath("x.json"));
      assertEquals(null, bare.getParent());
      assertEquals("x.json", stem(name(bare)));
    }
  }
}
