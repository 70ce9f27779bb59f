// The SQLite state store: meeting hashes, note memory, the undo journal and
// the LLM cache, and that all of it survives reopening.
#include "pipeline/state.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "pipeline/date_order.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

using dossier::testing::TempDir;
using Strings = std::set<std::string>;

class StateTest : public ::testing::Test {
 protected:
  fs::path dir() const { return tmp_.path() / ".dossier"; }
  TempDir tmp_;
};

TEST_F(StateTest, CreatesTheDatabase) {
  StateStore store(dir());
  EXPECT_TRUE(fs::exists(dir() / "state.db"));
}

TEST_F(StateTest, MeetingHashes) {
  StateStore store(dir());
  EXPECT_EQ(store.meeting_hash("Meetings/a.md"), std::nullopt);
  store.set_meeting_hash("Meetings/a.md", "h1");
  store.set_meeting_hash("Meetings/b.md", "h2");
  EXPECT_EQ(store.meeting_hash("Meetings/a.md"), "h1");
  store.set_meeting_hash("Meetings/a.md", "h3");
  EXPECT_EQ(store.meeting_hash("Meetings/a.md"), "h3");
  store.forget_meeting("Meetings/a.md");
  EXPECT_EQ(store.meeting_hash("Meetings/a.md"), std::nullopt);
  EXPECT_EQ(store.meeting_hash("Meetings/b.md"), "h2");
}

TEST_F(StateTest, PathsAreExactNotPatterns) {
  StateStore store(dir());
  store.set_meeting_hash("Meetings/100% done's.md", "h");
  EXPECT_EQ(store.meeting_hash("Meetings/100% done's.md"), "h");
  EXPECT_EQ(store.meeting_hash("Meetings/100_ done's.md"), std::nullopt);
  EXPECT_EQ(store.meeting_hash("meetings/100% done's.md"), std::nullopt);
}

TEST_F(StateTest, MemorySaveAddsKeysAndReplacesLines) {
  StateStore store(dir());
  EXPECT_TRUE(store.memory("Customers/Acme.md").emitted_keys.empty());
  store.save_memory("Customers/Acme.md", NoteMemory{{"k1", "k2"}, {"- line one", "- line two"}});
  store.save_memory("Customers/Acme.md", NoteMemory{{"k3"}, {"- line three"}});
  NoteMemory m = store.memory("Customers/Acme.md");
  EXPECT_EQ(m.emitted_keys, (Strings{"k1", "k2", "k3"}));
  EXPECT_EQ(m.own_lines, (Strings{"- line three"}));
  EXPECT_TRUE(store.memory("Customers/Globex.md").emitted_keys.empty());
}

TEST_F(StateTest, MemoryReplace) {
  StateStore store(dir());
  store.save_memory("c.md", NoteMemory{{"k1", "k2"}, {"a"}});
  store.save_memory("other.md", NoteMemory{{"k9"}, {"z"}});
  store.replace_memory("c.md", NoteMemory{{"k2", "k4"}, {"b"}});
  NoteMemory m = store.memory("c.md");
  EXPECT_EQ(m.emitted_keys, (Strings{"k2", "k4"}));
  EXPECT_EQ(m.own_lines, (Strings{"b"}));
  EXPECT_EQ(store.memory("other.md").emitted_keys, (Strings{"k9"}));
  store.replace_memory("c.md", NoteMemory{});
  EXPECT_TRUE(store.memory("c.md").emitted_keys.empty());
  EXPECT_TRUE(store.memory("c.md").own_lines.empty());
}

TEST_F(StateTest, JournalFirstEntryPerPathWins) {
  StateStore store(dir());
  store.begin_journal();
  store.journal({"Customers/Acme.md", std::string("before run\n"), "after1", NoteMemory{{"k1"}, {"l1"}}});
  store.journal({"Customers/New.md", std::nullopt, "new1", NoteMemory{}});
  store.journal({"Customers/Acme.md", std::string("intermediate\n"), "after2", NoteMemory{{"k2"}, {}}});
  std::vector<JournalEntry> j = store.last_journal();
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0].path, "Customers/Acme.md");
  EXPECT_EQ(j[0].before, "before run\n");
  EXPECT_EQ(j[0].after_hash, "after2");
  EXPECT_EQ(j[0].memory_before.emitted_keys, (Strings{"k1"}));
  EXPECT_EQ(j[0].memory_before.own_lines, (Strings{"l1"}));
  EXPECT_EQ(j[1].path, "Customers/New.md");
  EXPECT_EQ(j[1].before, std::nullopt);
  EXPECT_EQ(j[1].after_hash, "new1");
  // One entry reads as the whole journal does.
  std::optional<JournalEntry> acme = store.journal_entry("Customers/Acme.md");
  ASSERT_TRUE(acme);
  EXPECT_EQ(acme->before, "before run\n");
  EXPECT_EQ(acme->after_hash, "after2");
  EXPECT_EQ(acme->memory_before.emitted_keys, (Strings{"k1"}));
  std::optional<JournalEntry> created = store.journal_entry("Customers/New.md");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->before, std::nullopt);
  EXPECT_FALSE(store.journal_entry("Customers/Other.md"));
}

// A run that never reached its last commit left its journal open: the next
// run goes on with it, so that undo still restores the notes as they were
// before that run and resets its meetings.
TEST_F(StateTest, UnfinishedJournalIsContinued) {
  StateStore store(dir());
  store.begin_journal();
  store.journal({"a.md", std::string("before"), "h1", NoteMemory{}});
  store.journal_meeting({"Meetings/m.md", std::nullopt});
  EXPECT_TRUE(store.journal_open());
  store.begin_journal();  // the recovery run
  store.journal({"a.md", std::string("after the killed run"), "h2", NoteMemory{}});
  store.journal_meeting({"Meetings/m.md", std::string("h-killed")});
  ASSERT_EQ(store.last_journal().size(), 1u);
  EXPECT_EQ(store.last_journal()[0].before, std::string("before"));
  EXPECT_EQ(store.last_journal()[0].after_hash, "h2");
  ASSERT_EQ(store.last_journal_meetings().size(), 1u);
  EXPECT_EQ(store.last_journal_meetings()[0].previous_hash, std::nullopt);
  store.finish_journal();
  EXPECT_FALSE(store.journal_open());
}

// A renamed note takes its memory along.
TEST_F(StateTest, MemoryMovesWithTheNote) {
  StateStore store(dir());
  store.save_memory("Customers/Acme.md", NoteMemory{{"deleted key"}, {"- a line"}});
  store.set_written_size("Customers/Acme.md", 42);
  store.move_memory("Customers/Acme.md", "Customers/Active/Acme.md");
  EXPECT_EQ(store.remembered_notes(), std::vector<std::string>{"Customers/Active/Acme.md"});
  EXPECT_EQ(store.memory("Customers/Active/Acme.md").emitted_keys, std::set<std::string>{"deleted key"});
  EXPECT_EQ(store.written_sizes({"Customers/Active/Acme.md"}).at("Customers/Active/Acme.md"), 42u);
  EXPECT_TRUE(store.remembers("Customers/Active/Acme.md"));
  EXPECT_FALSE(store.remembers("Customers/Acme.md"));
}

// A few notes are looked up one by one, many in one pass over the memory:
// both give the same memories and sizes, and only of the notes asked for.
TEST_F(StateTest, MemoriesAndSizesOfFewOrManyNotesAgree) {
  StateStore store(dir());
  std::vector<std::string> all;
  for (int i = 0; i < 100; ++i) {
    std::string note = "Customers/C" + std::to_string(i) + ".md";
    all.push_back(note);
    store.save_memory(note, NoteMemory{{"key " + std::to_string(i)}, {"- line " + std::to_string(i)}});
    if (i % 2 == 0) store.set_written_size(note, 100 + i);
  }
  std::vector<std::string> few = {"Customers/C3.md", "Customers/C4.md", "Customers/Unknown.md"};
  auto few_memories = store.memories(few);
  auto many_memories = store.memories(all);
  ASSERT_EQ(few_memories.size(), 3u);
  ASSERT_EQ(many_memories.size(), 100u);
  for (const char* note : {"Customers/C3.md", "Customers/C4.md"}) {
    EXPECT_EQ(few_memories.at(note).emitted_keys, many_memories.at(note).emitted_keys);
    EXPECT_EQ(few_memories.at(note).own_lines, many_memories.at(note).own_lines);
  }
  EXPECT_TRUE(few_memories.at("Customers/Unknown.md").own_lines.empty());
  auto few_sizes = store.written_sizes(few);
  EXPECT_EQ(few_sizes.size(), 1u);
  EXPECT_EQ(few_sizes.at("Customers/C4.md"), 104u);
  auto many_sizes = store.written_sizes(all);
  EXPECT_EQ(many_sizes.size(), 50u);
  EXPECT_EQ(many_sizes.at("Customers/C4.md"), 104u);
}

// Few keys are looked up one by one, many in one pass: both give the same
// answers, and where two meetings in different folders share a name, the
// first path's date, as when every date was read.
TEST_F(StateTest, MeetingDatesOfFewOrManyKeysAgree) {
  StateStore store(dir());
  std::set<std::string> all;
  for (int i = 0; i < 100; ++i) {
    std::string name = "2025-01-" + std::to_string(10 + i % 20) + " Call " + std::to_string(i);
    store.set_meeting_date("Meetings/" + name + ".md", name, name.substr(0, 10));
    all.insert(meeting_link_key(name));
  }
  store.set_meeting_date("Meetings/b/Écho Review.md", "Écho Review", "2025-03-02");
  store.set_meeting_date("Meetings/a/Écho Review.md", "Écho Review", "2025-03-01");
  all.insert(meeting_link_key("ÉCHO review"));
  std::set<std::string> few = {meeting_link_key("2025-01-13 Call 3"), meeting_link_key("écho REVIEW"),
                               "no such meeting"};
  MeetingDates few_dates = store.meeting_dates(few);
  MeetingDates many_dates = store.meeting_dates(all);
  EXPECT_EQ(few_dates.size(), 2u);
  EXPECT_EQ(many_dates.size(), 101u);
  EXPECT_EQ(few_dates.at(meeting_link_key("2025-01-13 Call 3")), "2025-01-13");
  EXPECT_EQ(few_dates.at(meeting_link_key("Écho Review")), "2025-03-01");
  EXPECT_EQ(many_dates.at(meeting_link_key("Écho Review")), "2025-03-01");
  EXPECT_EQ(many_dates.at(meeting_link_key("2025-01-13 Call 3")), "2025-01-13");
}

// A state store from before the dates were keyed gets its keys when opened.
TEST_F(StateTest, MeetingDatesWithoutKeysAreKeyedOnOpening) {
  { StateStore store(dir()); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir() / "state.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(
                db,
                "DROP TABLE meeting_dates; DROP INDEX IF EXISTS meeting_dates_by_key;"
                "CREATE TABLE meeting_dates(path TEXT PRIMARY KEY, name TEXT NOT NULL, date TEXT NOT NULL);"
                "INSERT INTO meeting_dates VALUES('M/Kick-off Ørsted.md', 'Kick-off Ørsted', '2025-02-03');"
                "PRAGMA user_version = 2;",
                nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  StateStore store(dir());
  MeetingDates dates = store.meeting_dates({meeting_link_key("KICK-OFF ørsted")});
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_EQ(dates.begin()->second, "2025-02-03");
}

// Another program's database is never taken over.
TEST_F(StateTest, ForeignDatabaseIsRefused) {
  std::filesystem::create_directories(dir());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir() / "state.db").c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE settings(k, v);", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  try {
    StateStore store(dir());
    FAIL() << "opened another program's database";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("not dossier's"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("move it aside"), std::string::npos) << e.what();
  }
}

TEST_F(StateTest, JournalKeepsEmptyAndBinaryBeforeBytes) {
  StateStore store(dir());
  store.begin_journal();
  std::string binary("a\0b\r\n\xff", 6);
  store.journal({"empty.md", std::string(), "h", NoteMemory{}});
  store.journal({"binary.md", binary, "h", NoteMemory{}});
  std::vector<JournalEntry> j = store.last_journal();
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0].before, std::string()) << "an empty note is not a created one";
  EXPECT_EQ(j[1].before, binary);
}

TEST_F(StateTest, NewJournalForgetsTheLastRun) {
  StateStore store(dir());
  store.begin_journal();
  store.journal({"a.md", std::string("x"), "h", NoteMemory{}});
  store.journal_meeting({"Meetings/m.md", std::nullopt});
  store.finish_journal();
  store.begin_journal();
  EXPECT_TRUE(store.last_journal().empty());
  EXPECT_TRUE(store.last_journal_meetings().empty());
  store.journal({"b.md", std::string("y"), "h", NoteMemory{}});
  ASSERT_EQ(store.last_journal().size(), 1u);
  EXPECT_EQ(store.last_journal()[0].path, "b.md");
  store.clear_journal();
  EXPECT_TRUE(store.last_journal().empty());
}

TEST_F(StateTest, JournalMeetings) {
  StateStore store(dir());
  store.begin_journal();
  store.journal_meeting({"Meetings/b.md", std::string("old-hash")});
  store.journal_meeting({"Meetings/a.md", std::nullopt});
  store.journal_meeting({"Meetings/b.md", std::string("later-hash")});  // first wins
  std::vector<JournalMeeting> m = store.last_journal_meetings();
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].path, "Meetings/a.md");
  EXPECT_EQ(m[0].previous_hash, std::nullopt);
  EXPECT_EQ(m[1].path, "Meetings/b.md");
  EXPECT_EQ(m[1].previous_hash, "old-hash");
}

// Topics' rarity across the vault: each meeting counts once per phrase, a
// meeting processed again replaces what it counted, and a run leaves out the
// meetings it processes again.
TEST_F(StateTest, PhraseCountsFollowEachMeetingsLatestPhrases) {
  StateStore store(dir());
  store.set_meeting_phrases(
      {{"Meetings/a.md", {"cooling", "storage migration"}}, {"Meetings/b.md", {"storage migration"}}});
  store.set_meeting_phrases({{"Meetings/c.md", {"badge reader", "storage migration"}}});
  PhraseCounts all = store.phrase_counts({"storage migration", "cooling", "unknown"}, {});
  EXPECT_EQ(all.meetings, 3);
  EXPECT_EQ(all.meetings_with, (std::map<std::string, int>{{"cooling", 1}, {"storage migration", 3}}));
  store.set_meeting_phrases({{"Meetings/a.md", {"cooling"}}});  // a's text changed
  EXPECT_EQ(store.phrase_counts({"storage migration"}, {}).meetings_with["storage migration"], 2);
  PhraseCounts others =
      store.phrase_counts({"storage migration", "cooling"}, {"Meetings/a.md", "Meetings/new.md"});
  EXPECT_EQ(others.meetings, 2);
  EXPECT_EQ(others.meetings_with, (std::map<std::string, int>{{"storage migration", 2}}));
  store.forget_meeting_phrases("Meetings/c.md");  // renamed: counted under its new path from now on
  PhraseCounts left = store.phrase_counts({"storage migration", "badge reader"}, {});
  EXPECT_EQ(left.meetings, 2);
  EXPECT_EQ(left.meetings_with, (std::map<std::string, int>{{"storage migration", 1}}));
}

TEST_F(StateTest, Cache) {
  StateStore store(dir());
  EXPECT_EQ(store.cache_get("k"), std::nullopt);
  store.cache_put("k", "{\"items\": []}");
  EXPECT_EQ(store.cache_get("k"), "{\"items\": []}");
  store.cache_put("k", "v2");
  EXPECT_EQ(store.cache_get("k"), "v2");
  store.cache_put("empty", "");
  EXPECT_EQ(store.cache_get("empty"), "");
}

TEST_F(StateTest, ReopenPersistsEverything) {
  {
    StateStore store(dir());
    store.set_meeting_hash("m.md", "h");
    store.save_memory("c.md", NoteMemory{{"k"}, {"line"}});
    store.begin_journal();
    store.journal({"c.md", std::string("before"), "after", NoteMemory{{"k0"}, {}}});
    store.journal_meeting({"m.md", std::nullopt});
    store.cache_put("ck", "cv");
  }
  StateStore store(dir());
  EXPECT_EQ(store.meeting_hash("m.md"), "h");
  EXPECT_EQ(store.memory("c.md").emitted_keys, (Strings{"k"}));
  EXPECT_EQ(store.memory("c.md").own_lines, (Strings{"line"}));
  ASSERT_EQ(store.last_journal().size(), 1u);
  EXPECT_EQ(store.last_journal()[0].before, "before");
  EXPECT_EQ(store.last_journal()[0].memory_before.emitted_keys, (Strings{"k0"}));
  ASSERT_EQ(store.last_journal_meetings().size(), 1u);
  EXPECT_EQ(store.cache_get("ck"), "cv");
}

TEST_F(StateTest, RollbackDiscardsATransaction) {
  StateStore store(dir());
  store.set_meeting_hash("kept.md", "1");
  store.begin();
  store.set_meeting_hash("dropped.md", "2");
  store.rollback();
  store.begin();
  store.set_meeting_hash("committed.md", "3");
  store.commit();
  StateStore reopened(dir());
  EXPECT_EQ(reopened.meeting_hash("kept.md"), "1");
  EXPECT_EQ(reopened.meeting_hash("dropped.md"), std::nullopt);
  EXPECT_EQ(reopened.meeting_hash("committed.md"), "3");
}

TEST_F(StateTest, TwoStoresOnOneVault) {
  StateStore a(dir());
  StateStore b(dir());
  a.set_meeting_hash("m.md", "from-a");
  EXPECT_EQ(b.meeting_hash("m.md"), "from-a");
}

}  // namespace
}  // namespace dossier

namespace {

TEST(StateUpdateMemoryTest, WritesTheDifferenceOnly) {
  dossier::testing::TempDir dir;
  dossier::StateStore store(dir.path());
  dossier::NoteMemory before{{"k1"}, {"- old line", "- kept line"}};
  store.save_memory("c.md", before);
  dossier::NoteMemory after{{"k1", "k2"}, {"- kept line", "- new line"}};
  store.update_memory("c.md", before, after);
  dossier::NoteMemory read = store.memory("c.md");
  EXPECT_EQ(read.emitted_keys, (std::set<std::string>{"k1", "k2"}));
  EXPECT_EQ(read.own_lines, (std::set<std::string>{"- kept line", "- new line"}));
}

}  // namespace
