// replace_if_unchanged and remove_stale_temp_files (vault/guarded_write.h).
#include "vault/guarded_write.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/test_util.h"
#include "vault/note_lease.h"

namespace fs = std::filesystem;
using namespace dossier;
using namespace dossier::testing;

namespace {

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(GuardedWriteTest, ReplacesANoteThatStillHoldsWhatWasRead) {
  TempDir tmp;
  fs::path note = tmp.path() / "Acme.md";
  write_text(note, "old\n");
  ::chmod(note.c_str(), 0600);
  EXPECT_TRUE(replace_if_unchanged(note, std::string("old\n"), "new\n"));
  EXPECT_EQ(read_text(note), "new\n");
  EXPECT_EQ(fs::status(note).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"Acme.md"}) << "no temp file left";
}

TEST(GuardedWriteTest, LeavesANoteTheUserChanged) {
  TempDir tmp;
  fs::path note = tmp.path() / "Acme.md";
  write_text(note, "old\nuser typed this\n");
  EXPECT_FALSE(replace_if_unchanged(note, std::string("old\n"), "new\n"));
  EXPECT_EQ(read_text(note), "old\nuser typed this\n");
  EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"Acme.md"});
}

// A program holding the note open for writing may write into it after any
// check: the note is neither replaced nor removed while it does.
TEST(GuardedWriteTest, LeavesANoteHeldOpenForWriting) {
  TempDir tmp;
  fs::path note = tmp.path() / "Acme.md";
  write_text(note, "old\n");
  if (!NoteLease(note).held()) GTEST_SKIP() << "no file leases on this file system";
  int fd = ::open(note.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  EXPECT_FALSE(replace_if_unchanged(note, std::string("old\n"), "new\n"));
  EXPECT_FALSE(remove_if_unchanged(note, "old\n"));
  ASSERT_EQ(::write(fd, "typed\n", 6), 6);
  ::close(fd);
  EXPECT_EQ(read_text(note), "old\ntyped\n");
  EXPECT_EQ(names_in(tmp.path()), std::vector<std::string>{"Acme.md"}) << "no temp file left";
  EXPECT_TRUE(replace_if_unchanged(note, std::string("old\ntyped\n"), "new\n"));
}

TEST(GuardedWriteTest, CreatesANewNoteOnlyIfNoneAppeared) {
  TempDir tmp;
  fs::path note = tmp.path() / "New.md";
  EXPECT_TRUE(replace_if_unchanged(note, std::nullopt, "created\n"));
  EXPECT_EQ(read_text(note), "created\n");
  EXPECT_FALSE(replace_if_unchanged(note, std::nullopt, "again\n")) << "the user made it meanwhile";
  EXPECT_EQ(read_text(note), "created\n");
  EXPECT_FALSE(replace_if_unchanged(tmp.path() / "Gone.md", std::string("was here\n"), "x\n"));
  EXPECT_FALSE(fs::exists(tmp.path() / "Gone.md")) << "a note the user deleted is not recreated blindly";
}

TEST(GuardedWriteTest, NeverWritesThroughASymlink) {
  TempDir tmp;
  write_text(tmp.path() / "outside.md", "outside\n");
  fs::create_symlink(tmp.path() / "outside.md", tmp.path() / "Link.md");
  EXPECT_THROW(replace_if_unchanged(tmp.path() / "Link.md", std::string("outside\n"), "pwned\n"),
               std::runtime_error);
  EXPECT_EQ(read_text(tmp.path() / "outside.md"), "outside\n");
}

// A note the user made read-only is left alone, whoever runs dossier (root
// may write anyway: the mode is the user's wish); its Failure names the note.
TEST(GuardedWriteTest, ARefusalNamesTheReadOnlyNote) {
  TempDir tmp;
  fs::path note = tmp.path() / "Acme.md";
  write_text(note, "x\n");
  EXPECT_EQ(write_refusal(note), std::nullopt);
  EXPECT_EQ(write_refusal(tmp.path() / "New.md"), std::nullopt) << "a note not yet there may be created";
  fs::permissions(note, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  std::optional<Failure> refusal = write_refusal(note);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->path, note.string());
  EXPECT_EQ(refusal->line, 1);
  EXPECT_EQ(refusal->message,
            "is read-only; dossier leaves it alone (make it writable to let dossier update it)");
  try {
    replace_if_unchanged(note, std::string("x\n"), "y\n");
    ADD_FAILURE() << "a read-only note was replaced";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), note.string() + ": " + refusal->message);
  }
  EXPECT_EQ(read_text(note), "x\n");
}

TEST(GuardedWriteTest, RemovesOnlyLeftOverTempFiles) {
  TempDir tmp;
  for (const char* name :
       {"Acme.md", ".Acme.md.dossier-tmp-Ab12Cd", ".Other.md.dossier-tmp-x9Y8z7", ".Acme.md.dossier-tmp-zz",
        "Acme.md.dossier-tmp-Ab12Cd", ".Acme.md.dossier-tmp-Ab12Cd.user", ".dossier-tmp-Zz9yX8"})
    write_text(tmp.path() / name, "x");
  remove_stale_temp_files(tmp.path());
  EXPECT_EQ(names_in(tmp.path()),
            (std::vector<std::string>{".Acme.md.dossier-tmp-Ab12Cd.user", ".Acme.md.dossier-tmp-zz",
                                      "Acme.md", "Acme.md.dossier-tmp-Ab12Cd"}));
}

}  // namespace
