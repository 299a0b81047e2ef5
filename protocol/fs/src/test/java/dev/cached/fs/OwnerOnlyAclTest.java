package dev.cached.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OwnerOnly} on an emulated NTFS (Jimfs, Windows configuration, with owners and ACLs).
 * Regression for issue 17, point 2: on Windows the socket directory was neither made nor checked
 * owner-only, so under {@code C:\temp}, where Authenticated Users inherit Modify, another user could
 * replace the socket, and {@code cached doctor} said "ok".
 */
class OwnerOnlyAclTest {
  private final FileSystem fs = Jimfs.newFileSystem(
      Configuration.windows().toBuilder().setAttributeViews("basic", "owner", "dos", "acl").build());
  private final Path temp = fs.getPath("C:\\temp");

  @AfterEach
  void close() throws Exception {
    fs.close();
  }

  private UserPrincipal principal(String name) throws Exception {
    return fs.getUserPrincipalLookupService().lookupPrincipalByName(name);
  }

  private static List<AclEntry> acl(Path p) throws Exception {
    return Files.getFileAttributeView(p, AclFileAttributeView.class).getAcl();
  }

  private static AclEntry allow(UserPrincipal who, Set<AclEntryPermission> what) {
    return AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(who).setPermissions(what).build();
  }

  @Test
  void aNewDirectory_allowsItsOwnerOnly_andPassesTheCheck() throws Exception {
    Files.createDirectories(temp);
    Path dir = temp.resolve("cached");
    OwnerOnly.createDirectory(dir);
    UserPrincipal owner = Files.getOwner(dir);
    List<AclEntry> entries = acl(dir);
    assertEquals(1, entries.size(), entries.toString());
    assertEquals(AclEntryType.ALLOW, entries.get(0).type());
    assertEquals(owner, entries.get(0).principal());
    assertEquals(Set.of(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT), entries.get(0).flags());
    assertEquals(Optional.empty(), OwnerOnly.problem(dir, owner));
    assertEquals("owner-only ACL", OwnerOnly.describe(dir));
  }

  @Test
  void aDirectoryThatLetsAuthenticatedUsersIn_isRefused_withTheFix() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("cached"));
    UserPrincipal owner = Files.getOwner(dir);
    UserPrincipal everyone = principal("NT AUTHORITY\\Authenticated Users");
    Files.getFileAttributeView(dir, AclFileAttributeView.class).setAcl(List.of(
        allow(owner, Set.of(AclEntryPermission.values())),
        allow(everyone, Set.of(AclEntryPermission.WRITE_DATA, AclEntryPermission.APPEND_DATA, AclEntryPermission.DELETE_CHILD))));
    String problem = OwnerOnly.problem(dir, owner).orElseThrow();
    assertTrue(problem.startsWith(dir + " lets NT AUTHORITY\\Authenticated Users in"), problem);
    assertTrue(problem.contains("icacls \"" + dir + "\" /inheritance:r /grant:r \"" + owner.getName() + ":(OI)(CI)F\""), problem);
  }

  @Test
  void aDirectoryOwnedBySomeoneElse_isRefused_withTheFix() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("cached"));
    OwnerOnly.createDirectory(temp.resolve("mine"));
    Files.setOwner(dir, principal("OTHER\\mallory"));
    String problem = OwnerOnly.problem(dir, principal("DESK\\alice")).orElseThrow();
    assertTrue(problem.contains("is owned by OTHER\\mallory, not by DESK\\alice"), problem);
    assertTrue(problem.contains("takeown /f \"" + dir + "\""), problem);
  }

  @Test
  void aFileWhereTheDirectoryShouldBe_isRefused() throws Exception {
    Files.createDirectories(temp);
    Path file = Files.writeString(temp.resolve("cached"), "x");
    assertTrue(OwnerOnly.problem(file, Files.getOwner(file)).orElseThrow().contains("is not a directory"));
  }

  @Test
  void writeFile_replacesAtomically_withAnOwnerOnlyAcl_andLeavesNoTemp() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("cached"));
    Path endpoint = dir.resolve("cached.sock.endpoint");
    OwnerOnly.writeFile(endpoint, "one".getBytes(StandardCharsets.UTF_8));
    OwnerOnly.writeFile(endpoint, "{\"port\":1}".getBytes(StandardCharsets.UTF_8));
    assertEquals("{\"port\":1}", Files.readString(endpoint));
    List<AclEntry> entries = acl(endpoint);
    assertEquals(1, entries.size(), entries.toString());
    assertEquals(Files.getOwner(endpoint), entries.get(0).principal());
    assertEquals(Set.of(), entries.get(0).flags());
    try (var list = Files.list(dir)) {
      assertEquals(List.of(endpoint), list.toList());
    }
  }
}
