// Which files of the vault are read: the walk, glob matching, dossier's own files.
#include "vault/vault_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "tests/test_util.h"
#include "vault/config.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

using dossier::testing::DeepFolders;
using dossier::testing::TempDir;
using dossier::testing::write_text;
using Strings = std::vector<std::string>;

TEST(VaultOwnFiles, CustomerPeopleStateAndConfigFilesAreNeverMeetings) {
  Config config;
  config.template_path = "Templates/customer.md";
  config.rules = {"rules/mine.yaml"};
  for (const char* own : {"Customers/Acme.md", "Customers/sub/x.md", "People/Jane.md", ".dossier/x.md",
                          "dossier.yaml", "Templates/customer.md", "rules/mine.yaml"})
    EXPECT_TRUE(is_own_file(config, own)) << own;
  for (const char* meeting : {"Meetings/a.md", "CustomersX/a.md", "Templates/other.md", "Customers.md"})
    EXPECT_FALSE(is_own_file(config, meeting)) << meeting;
}

TEST(VaultGlob, DoubleStarSpansZeroOrMoreFolders) {
  EXPECT_TRUE(glob_match("Meetings/**/*.md", "Meetings/a.md"));
  EXPECT_TRUE(glob_match("Meetings/**/*.md", "Meetings/2025/a.md"));
  EXPECT_TRUE(glob_match("Meetings/**/*.md", "Meetings/2025/11/a b.md"));
  EXPECT_FALSE(glob_match("Meetings/**/*.md", "Other/a.md"));
  EXPECT_FALSE(glob_match("Meetings/**/*.md", "Meetings/a.txt"));
  EXPECT_FALSE(glob_match("Meetings/**/*.md", "MeetingsX/a.md"));
  EXPECT_TRUE(glob_match("**/*.md", "a.md"));
  EXPECT_TRUE(glob_match("**/*.md", "x/y/a.md"));
  EXPECT_TRUE(glob_match("**", "x/y/a.md"));
  EXPECT_TRUE(glob_match("a/**", "a/b/c"));
}

TEST(VaultGlob, StarStaysInOneFolder) {
  EXPECT_TRUE(glob_match("Meetings/*.md", "Meetings/a.md"));
  EXPECT_TRUE(glob_match("Meetings/*.md", "Meetings/.md"));
  EXPECT_FALSE(glob_match("Meetings/*.md", "Meetings/2025/a.md"));
  EXPECT_TRUE(glob_match("*/*.md", "Daily/a.md"));
  EXPECT_FALSE(glob_match("*.md", "Daily/a.md"));
  EXPECT_TRUE(glob_match("Daily/2025-*-*.md", "Daily/2025-11-14.md"));
}

TEST(VaultGlob, QuestionMarkIsOneCharacterNotASlash) {
  EXPECT_TRUE(glob_match("a?c.md", "abc.md"));
  EXPECT_FALSE(glob_match("a?c.md", "ac.md"));
  EXPECT_FALSE(glob_match("a?c.md", "abbc.md"));
  EXPECT_FALSE(glob_match("a?c.md", "a/c.md"));
}

TEST(VaultGlob, LiteralsAndEmpty) {
  EXPECT_TRUE(glob_match("Meetings/a.md", "Meetings/a.md"));
  EXPECT_FALSE(glob_match("Meetings/a.md", "Meetings/a.mdx"));
  EXPECT_FALSE(glob_match("Meetings/a.md", "meetings/a.md"));
  EXPECT_TRUE(glob_match("", ""));
  EXPECT_FALSE(glob_match("", "a"));
  EXPECT_FALSE(glob_match("a", ""));
}

TEST(VaultGlob, ManyStarsStayFast) {
  // Backtracking over each star must not explode on a long path that fails.
  std::string path(200, 'a');
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*a*a*b", path));
  EXPECT_FALSE(glob_match("**/**/**/**/**/**/**/*.md", "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u.txt"));
}

TEST(VaultGlob, MatchGlobsSortedSkippingHiddenAndSymlinks) {
  TempDir tmp;
  const fs::path& root = tmp.path();
  for (const char* f : {"Meetings/b.md", "Meetings/2025/a.md", "Meetings/a.md", "Meetings/notes.txt",
                        "Meetings/.hidden/x.md", ".obsidian/y.md", "Daily/2025-01-01.md", "Other/z.md"})
    write_text(root / f, "x\n");
  fs::create_symlink(root / "Other/z.md", root / "Meetings/link.md");
  fs::create_directory_symlink(root / "Other", root / "Meetings/linked");
  FoundFiles found = match_globs(root, {"Meetings/**/*.md", "Daily/*.md"});
  EXPECT_EQ(found.paths,
            (Strings{"Daily/2025-01-01.md", "Meetings/2025/a.md", "Meetings/a.md", "Meetings/b.md"}));
  EXPECT_TRUE(found.failures.empty());
  EXPECT_EQ(match_globs(root, {"**/*.md"}).paths.size(), 5u);
  EXPECT_TRUE(match_globs(root, {}).paths.empty());
  FoundFiles missing = match_globs(root / "missing", {"**"});
  EXPECT_TRUE(missing.paths.empty());
  EXPECT_TRUE(missing.failures.empty());  // nothing there to miss
}

// A folder the walk cannot open is a failure naming that folder: its
// meetings were not seen. The files beside it still are.
TEST(VaultGlob, AFolderThatCannotBeReadIsAFailureAtLineOne) {
  TempDir tmp;
  write_text(tmp.path() / "Meetings/a.md", "x\n");
  DeepFolders deep(tmp.path() / "Meetings");
  for (FoundFiles found : {match_globs(tmp.path(), {"Meetings/**"}), meeting_paths(tmp.path(), Config{})}) {
    EXPECT_EQ(found.paths, Strings{"Meetings/a.md"});
    ASSERT_EQ(found.failures.size(), 1u);
    EXPECT_EQ(found.failures[0].path, deep.unreadable().string());
    EXPECT_EQ(found.failures[0].line, 1);
    EXPECT_EQ(found.failures[0].message, "cannot read the folder: File name too long");
  }
}

TEST(VaultGlob, MeetingPathsLeaveOutDossiersOwnFiles) {
  TempDir tmp;
  for (const char* f : {"Meetings/a.md", "Customers/Acme.md", "People/Jane.md", "dossier.yaml"})
    write_text(tmp.path() / f, "x\n");
  Config config;
  config.meetings = {"**"};
  FoundFiles found = meeting_paths(tmp.path(), config);
  EXPECT_EQ(found.paths, Strings{"Meetings/a.md"});
  EXPECT_TRUE(found.failures.empty());
}

// The walk sorts strings as std::filesystem::path compares paths: component
// by component, so "a/x" comes before "a b/x" although ' ' < '/'.
TEST(VaultWalk, PathOrderIsTheOrderOfFilesystemPaths) {
  std::mt19937 random(7);
  const std::string alphabet = "ab /.-_\xc3\xa9";
  auto random_path = [&] {
    std::string p;
    size_t parts = 1 + random() % 3;
    for (size_t i = 0; i < parts; ++i) {
      if (i) p += '/';
      size_t n = 1 + random() % 4;
      for (size_t k = 0; k < n; ++k) {
        char c = alphabet[random() % alphabet.size()];
        p += c == '/' ? 'z' : c;
      }
    }
    return p;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string a = random_path(), b = random_path();
    EXPECT_EQ(path_order(a, b), fs::path(a) < fs::path(b)) << a << " | " << b;
  }
  EXPECT_TRUE(path_order("a/x", "a b/x"));
  EXPECT_FALSE(path_order("a b/x", "a/x"));
  EXPECT_FALSE(path_order("a", "a"));
}

TEST(VaultWalk, FilesAreRelativeInPathOrderAndPrunedFoldersAreNotEntered) {
  TempDir tmp;
  for (const char* f : {"a b/x.md", "a/x.md", "a/y/z.md", "Customers/Acme.md", "Customers/sub/Old.md",
                        "CustomersX/k.md", ".hidden/h.md", "a/.h.md", "top.md"})
    write_text(tmp.path() / f, "x\n");
  fs::create_symlink(tmp.path() / "top.md", tmp.path() / "a/link.md");
  fs::create_directory_symlink(tmp.path() / "a", tmp.path() / "linked");
  FolderWalk all = walk_folder(tmp.path());
  EXPECT_EQ(all.files, (Strings{"Customers/Acme.md", "Customers/sub/Old.md", "CustomersX/k.md", "a/x.md",
                                "a/y/z.md", "a b/x.md", "top.md"}));
  EXPECT_TRUE(all.failures.empty());
  WalkOptions options;
  options.pruned = {"Customers/", "a/y/"};
  FolderWalk pruned = walk_folder(tmp.path(), options);
  EXPECT_EQ(pruned.files, (Strings{"CustomersX/k.md", "a/x.md", "a b/x.md", "top.md"}));
}

// The customers folder is not walked for meetings: a folder there that
// cannot be read is the vault index's failure to report, not the meetings'.
TEST(VaultGlob, MeetingPathsDoNotWalkTheCustomersFolder) {
  TempDir tmp;
  write_text(tmp.path() / "Meetings/a.md", "x\n");
  write_text(tmp.path() / "Customers/Acme.md", "x\n");
  DeepFolders deep(tmp.path() / "Customers");
  Config config;
  config.meetings = {"**"};
  FoundFiles found = meeting_paths(tmp.path(), config);
  EXPECT_EQ(found.paths, Strings{"Meetings/a.md"});
  EXPECT_TRUE(found.failures.empty());
  EXPECT_EQ(match_globs(tmp.path(), {"**"}).failures.size(), 1u);
}

}  // namespace
}  // namespace dossier
