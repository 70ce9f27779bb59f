// Atomic writes, containment checks and content hashes.
#include "util/files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/test_util.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

using dossier::testing::read_text;
using dossier::testing::TempDir;
using dossier::testing::write_text;

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 07777;
}

TEST(FilesWrite, CreatesAndReplacesContent) {
  TempDir tmp;
  fs::path p = tmp.path() / "note.md";
  write_file_atomic(p, "first\n");
  EXPECT_EQ(read_text(p), "first\n");
  write_file_atomic(p, "second, longer\r\nwith CRLF\r\n");
  EXPECT_EQ(read_text(p), "second, longer\r\nwith CRLF\r\n");
  write_file_atomic(p, "");
  EXPECT_EQ(read_text(p), "");
  std::string binary("a\0b\xff", 4);
  write_file_atomic(p, binary);
  EXPECT_EQ(read_text(p), binary);
}

TEST(FilesWrite, LeavesNoTempFile) {
  TempDir tmp;
  write_file_atomic(tmp.path() / "a.md", "x");
  write_file_atomic(tmp.path() / "a.md", "y");
  EXPECT_EQ(names_in(tmp.path()), (std::set<std::string>{"a.md"}));
}

TEST(FilesWrite, KeepsPermissions) {
  TempDir tmp;
  fs::path p = tmp.path() / "private.md";
  write_text(p, "old");
  ASSERT_EQ(::chmod(p.c_str(), 0600), 0);
  write_file_atomic(p, "new");
  EXPECT_EQ(mode_of(p), 0600u);
  ASSERT_EQ(::chmod(p.c_str(), 0755), 0);
  write_file_atomic(p, "newer");
  EXPECT_EQ(mode_of(p), 0755u);
  EXPECT_EQ(read_text(p), "newer");
}

TEST(FilesWrite, RefusesASymlinkTarget) {
  TempDir tmp;
  fs::path real = tmp.path() / "real.md", link = tmp.path() / "link.md";
  write_text(real, "keep me");
  fs::create_symlink(real, link);
  EXPECT_THROW(write_file_atomic(link, "evil"), std::runtime_error);
  EXPECT_EQ(read_text(real), "keep me");
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
  EXPECT_EQ(names_in(tmp.path()), (std::set<std::string>{"link.md", "real.md"}));
  // A dangling symlink is refused too: the write would land elsewhere.
  fs::create_symlink(tmp.path() / "nowhere.md", tmp.path() / "dangling.md");
  EXPECT_THROW(write_file_atomic(tmp.path() / "dangling.md", "x"), std::runtime_error);
  EXPECT_FALSE(fs::exists(tmp.path() / "nowhere.md"));
}

TEST(FilesWrite, FailsIntoAMissingFolderWithoutLeftovers) {
  TempDir tmp;
  EXPECT_THROW(write_file_atomic(tmp.path() / "no/such/dir/a.md", "x"), std::runtime_error);
  EXPECT_TRUE(names_in(tmp.path()).empty());
}

TEST(FilesTemp, MadeBesideTheTargetUnderTheOneRecognisedName) {
  TempDir tmp;
  fs::create_directories(tmp.path() / "Customers");
  TempFileBeside temp = create_temp_beside(tmp.path() / "Customers/Acme.md");
  ASSERT_GE(temp.fd, 0);
  ::close(temp.fd);
  fs::path made(temp.path);
  EXPECT_EQ(made.parent_path(), tmp.path() / "Customers");
  EXPECT_TRUE(fs::is_regular_file(made));
  EXPECT_TRUE(is_temp_file_name(made.filename().string())) << made;
  EXPECT_EQ(mode_of(made), 0600u);
  TempFileBeside other = create_temp_beside(tmp.path() / "Customers/Acme.md");
  ::close(other.fd);
  EXPECT_NE(other.path, temp.path);
  try {
    create_temp_beside(tmp.path() / "no/such/dir/a.md");
    ADD_FAILURE() << "no temp file can be made in a missing folder";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with((tmp.path() / "no/such/dir/a.md").string() + ": "))
        << e.what();
  }
}

TEST(FilesTemp, RecognisesOnlyItsOwnNames) {
  EXPECT_TRUE(is_temp_file_name(".dossier-tmp-Ab12Cd"));
  EXPECT_TRUE(is_temp_file_name(".Acme.md.dossier-tmp-Ab12Cd"));
  EXPECT_FALSE(is_temp_file_name(".dossier-tmp-Ab12"));
  EXPECT_FALSE(is_temp_file_name(".dossier-tmp-Ab12Cd.user"));
  EXPECT_FALSE(is_temp_file_name("Acme.md.dossier-tmp-Ab12Cd"));
  EXPECT_FALSE(is_temp_file_name("Acme.md"));
  EXPECT_FALSE(is_temp_file_name(".Acme.md.dossier-conflict-12-34"));
}

TEST(FilesRead, WholeFileOrNothing) {
  TempDir tmp;
  std::string bytes("line\r\n\0end", 10);
  write_text(tmp.path() / "f", bytes);
  EXPECT_EQ(read_file(tmp.path() / "f"), bytes);
  EXPECT_FALSE(read_file(tmp.path() / "missing"));
  EXPECT_FALSE(read_file(tmp.path())) << "a folder is not a file";
}

// Each refusal names the file at line 1 and says why.
TEST(FilesRead, SaysWhyNot) {
  TempDir tmp;
  auto why = [](const fs::path& path, size_t limit = kNoSizeLimit) {
    Result<std::string> r = read_file(path, limit);
    EXPECT_FALSE(r) << path;
    if (r) return std::string();
    EXPECT_EQ(r.failure().path, path.string());
    EXPECT_EQ(r.failure().line, 1);
    return r.failure().message;
  };
  EXPECT_EQ(why(tmp.path() / "missing"), "no such file");
  EXPECT_EQ(why(tmp.path() / "missing/below"), "no such file");
  fs::create_directories(tmp.path() / "folder.md");
  EXPECT_EQ(why(tmp.path() / "folder.md"), "is a directory");
  ASSERT_EQ(::mkfifo((tmp.path() / "fifo").c_str(), 0644), 0);
  EXPECT_NE(why(tmp.path() / "fifo").find("not a regular file"), std::string::npos);
  write_text(tmp.path() / "big", std::string(100, 'x'));
  EXPECT_NE(why(tmp.path() / "big", 10).find("larger than"), std::string::npos);
  EXPECT_EQ(read_file(tmp.path() / "big", 100), std::string(100, 'x'));
}

TEST(FilesRead, SaysPermissionDenied) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
  TempDir tmp;
  write_text(tmp.path() / "secret", "x");
  fs::permissions(tmp.path() / "secret", fs::perms::none);
  Result<std::string> r = read_file(tmp.path() / "secret");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.failure().text(), (tmp.path() / "secret").string() + ":1: permission denied");
}

TEST(FilesInside, PlainPathsAndDotDot) {
  TempDir tmp;
  const fs::path& root = tmp.path();
  fs::create_directories(root / "vault/Customers");
  EXPECT_TRUE(is_inside(root / "vault", root / "vault/Customers/Acme.md"));
  EXPECT_TRUE(is_inside(root / "vault", root / "vault/new/folder/x.md"));
  EXPECT_TRUE(is_inside(root / "vault", root / "vault"));
  EXPECT_TRUE(is_inside(root / "vault/", root / "vault/Customers/Acme.md"));
  EXPECT_TRUE(is_inside(root / "vault", root / "vault/Customers/../x.md"));
  EXPECT_FALSE(is_inside(root / "vault", root / "vault/Customers/../../x.md"));
  EXPECT_FALSE(is_inside(root / "vault", root / "vault/../vault2/x.md"));
  EXPECT_FALSE(is_inside(root / "vault", root / "vaultx/a.md"));
  EXPECT_FALSE(is_inside(root / "vault", root));
}

TEST(FilesInside, SymlinksResolved) {
  TempDir tmp;
  const fs::path& root = tmp.path();
  fs::create_directories(root / "vault/Customers");
  fs::create_directories(root / "outside");
  fs::create_directory_symlink(root / "outside", root / "vault/escape");
  fs::create_symlink(root / "outside/secret.md", root / "vault/Customers/link.md");
  EXPECT_FALSE(is_inside(root / "vault", root / "vault/escape/x.md"));
  EXPECT_FALSE(is_inside(root / "vault", root / "vault/Customers/link.md"));  // dangling
  dossier::testing::write_text(root / "outside/secret.md", "x");
  EXPECT_FALSE(is_inside(root / "vault", root / "vault/Customers/link.md"));
  fs::create_symlink("../../outside/missing-dir", root / "vault/Customers/rel");
  EXPECT_FALSE(is_inside(root / "vault", root / "vault/Customers/rel/x.md"));
  fs::create_symlink("Acme.md", root / "vault/Customers/Acme alias.md");
  EXPECT_TRUE(is_inside(root / "vault", root / "vault/Customers/Acme alias.md"));
  fs::create_symlink("loop", root / "vault/loop");
  EXPECT_FALSE(is_inside(root / "vault", root / "vault/loop/x.md"));
  // A vault reached through a symlink is still itself.
  fs::create_directory_symlink(root / "vault", root / "alias");
  EXPECT_TRUE(is_inside(root / "alias", root / "vault/Customers/a.md"));
  EXPECT_TRUE(is_inside(root / "vault", root / "alias/Customers/a.md"));
}

TEST(FilesHash, StableFnv1a) {
  EXPECT_EQ(content_hash(""), "cbf29ce484222325");  // the FNV-1a 64 offset basis
  EXPECT_EQ(content_hash("a"), "af63dc4c8601ec8c");
  EXPECT_EQ(content_hash("foobar"), "85944171f73967e8");
  EXPECT_EQ(content_hash("same"), content_hash(std::string("same")));
  EXPECT_NE(content_hash("a\n"), content_hash("a\r\n"));
  EXPECT_EQ(content_hash(std::string(1000, 'x')).size(), 16u);
}

}  // namespace
}  // namespace dossier
