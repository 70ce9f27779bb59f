// The run's one writer: a note is journalled before it changes, and a write
// that did not happen leaves no journal entry behind.
#include "pipeline/journalled_writer.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "tests/test_util.h"
#include "util/files.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

using dossier::testing::TempDir;

class JournalledWriterTest : public ::testing::Test {
 protected:
  fs::path note() const { return tmp_.path() / "Customers" / "Acme.md"; }
  TempDir tmp_;
  StateStore state_{tmp_.path() / ".dossier"};
};

TEST_F(JournalledWriterTest, JournalsTheNoteThenWritesIt) {
  JournalledWriter writer(state_);
  EXPECT_FALSE(writer.started());
  bool remembered = false;
  ASSERT_TRUE(writer.replace(
      {"Customers/Acme.md", note(), std::nullopt, "new\n", NoteMemory{}, {{"Meetings/m.md", std::nullopt}}},
      [&](StateStore&) { remembered = true; }));
  EXPECT_TRUE(writer.started());
  EXPECT_TRUE(remembered);
  EXPECT_EQ(read_file(note()), std::string("new\n"));
  ASSERT_EQ(state_.last_journal().size(), 1u);
  EXPECT_EQ(state_.last_journal()[0].before, std::nullopt);  // undo removes the note it created
  EXPECT_EQ(state_.last_journal()[0].after_hash, content_hash("new\n"));
  ASSERT_EQ(state_.last_journal_meetings().size(), 1u);
  EXPECT_EQ(state_.last_journal_meetings()[0].path, "Meetings/m.md");
}

TEST_F(JournalledWriterTest, ANoteThatChangedMeanwhileIsLeftAloneAndUnjournalled) {
  fs::create_directories(note().parent_path());
  write_file_atomic(note(), "the user's version\n");
  JournalledWriter writer(state_);
  bool remembered = false;
  EXPECT_FALSE(writer.replace(
      {"Customers/Acme.md", note(), std::string("what dossier read\n"), "merged\n", NoteMemory{}},
      [&](StateStore&) { remembered = true; }));
  EXPECT_FALSE(remembered);
  EXPECT_EQ(read_file(note()), std::string("the user's version\n"));
  EXPECT_TRUE(state_.last_journal().empty());
}

TEST_F(JournalledWriterTest, ASecondWriteOfTheSameNoteKeepsTheFirstJournalEntry) {
  JournalledWriter writer(state_);
  ASSERT_TRUE(writer.replace({"Customers/Acme.md", note(), std::nullopt, "one\n", NoteMemory{}}));
  ASSERT_TRUE(writer.replace({"Customers/Acme.md", note(), std::string("one\n"), "two\n", NoteMemory{}}));
  ASSERT_EQ(state_.last_journal().size(), 1u);
  EXPECT_EQ(state_.last_journal()[0].before, std::nullopt);  // undo goes back to before the run
  // A failed second write restores that entry, not none.
  EXPECT_FALSE(
      writer.replace({"Customers/Acme.md", note(), std::string("stale\n"), "three\n", NoteMemory{}}));
  ASSERT_EQ(state_.last_journal().size(), 1u);
  EXPECT_EQ(state_.last_journal()[0].before, std::nullopt);
}

}  // namespace
}  // namespace dossier
