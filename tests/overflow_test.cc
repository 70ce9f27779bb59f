// A customer note never grows past max_file_bytes: older lines dossier wrote
// move to "<Name> (history).md", which the vault index leaves alone, and
// undo takes the move back.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "pipeline/overflow.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

// shed_lines: what moves first, and what never moves.
namespace unit {

using dossier::NoteMemory;
using dossier::ShedOptions;
using dossier::ShedSection;

const char kOverflowNote[] =
    "# Acme\n\n## My notes\n\n- mine\n\n## Key Decisions\n\n- d old\n- d new\n- d user\n\n"
    "## Next Steps\n\n- [ ] open task\n- [x] done task\n\n## Recent Context\n\n- c new\n- c old\n";

NoteMemory owned() {
  NoteMemory m;
  m.own_lines = {"- d old", "- d new", "- [ ] open task", "- [x] done task", "- c new", "- c old"};
  return m;
}

ShedOptions options(size_t limit) {
  return {limit,
          {"History", "Recent Context", "Next Steps", "Key Decisions"},
          {"History", "Recent Context"},
          {"Key Decisions"},
          nullptr};
}

std::vector<ShedSection> shed(const std::string& text, size_t limit, std::string* after = nullptr) {
  dossier::Note note = dossier::parse_note("Customers/Acme.md", text);
  NoteMemory memory = owned();
  std::optional<std::vector<ShedSection>> moved = dossier::shed_lines(note, memory, options(limit));
  if (after) *after = dossier::render_note(note);
  return moved ? *moved : std::vector<ShedSection>{{"none", {}}};
}

TEST(ShedLines, OldestRecentContextFirstThenDoneTasksThenOldestDecisions) {
  std::string text = kOverflowNote, after;
  std::vector<ShedSection> one = shed(text, text.size() - 1, &after);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].title, "Recent Context");
  EXPECT_EQ(one[0].lines, std::vector<std::string>{"- c old"});
  EXPECT_LE(after.size(), text.size() - 1);

  std::vector<ShedSection> more = shed(text, text.size() - 40, &after);
  ASSERT_EQ(more.size(), 3u) << after;
  EXPECT_EQ(more[0].lines, (std::vector<std::string>{"- c new", "- c old"}));
  EXPECT_EQ(more[1].lines, std::vector<std::string>{"- [x] done task"});
  EXPECT_EQ(more[2].title, "Key Decisions");
  EXPECT_EQ(more[2].lines, std::vector<std::string>{"- d old"});
  EXPECT_NE(after.find("- [ ] open task"), std::string::npos);
  EXPECT_NE(after.find("- mine"), std::string::npos);
}

TEST(ShedLines, UserLinesAndOpenTasksNeverMoveSoATooSmallLimitFails) {
  dossier::Note note = dossier::parse_note("Customers/Acme.md", kOverflowNote);
  NoteMemory memory = owned();
  EXPECT_FALSE(dossier::shed_lines(note, memory, options(20)));
}

TEST(HistoryNote, PathSitsBesideTheNoteAndMovedLinesAppendUnderTheirTitles) {
  EXPECT_EQ(dossier::history_note_path("Customers/Acme.md"), "Customers/Acme (history).md");
  std::string first = dossier::add_to_history_note(std::nullopt, "Customers/Acme (history).md", "Acme",
                                                   {{"Key Decisions", {"- d old"}}});
  std::string second = dossier::add_to_history_note(first, "Customers/Acme (history).md", "Acme",
                                                    {{"Key Decisions", {"- d new"}}});
  EXPECT_EQ(second.find("- d old"), first.find("- d old"));
  EXPECT_LT(second.find("- d old"), second.find("- d new"));
  EXPECT_EQ(second.substr(0, first.size() - 1), first.substr(0, first.size() - 1));
}

}  // namespace unit

class Overflow : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    fs::create_directories(vault_ / "Meetings");
    fs::create_directories(vault_ / "Customers");
    write_text(vault_ / "dossier.yaml",
               "meetings:\n  - \"Meetings/*.md\"\ncustomers: "
               "Customers\nmax_file_bytes: 20000\n");
    write_text(vault_ / "Customers/Acme.md",
               "---\ntype: customer\n---\n\n# Acme\n\n## My notes\n\nMine.\n\n"
               "## Key Decisions\n\n## Next Steps\n\n## Recent Context\n");
    std::string body;
    for (int i = 0; i < 180; ++i)
      body += "- Acme decided to keep archive shard " + std::to_string(i) +
              " on the warm tier until the audit closes.\n";
    meeting("2026-01-06 long review", "## Key Decisions\n" + body);
  }
  void meeting(const std::string& name, const std::string& body) {
    write_text(
        vault_ / "Meetings" / (name + ".md"),
        "---\ndate: " + name.substr(0, 10) + "\ncustomer: \"[[Acme]]\"\n---\n\n# " + name + "\n\n" + body);
  }
  Output dossier(const std::string& command) {
    return run_dossier({command, "--vault", vault_.string()}, {"DOSSIER_TODAY=2026-01-20"});
  }
  std::string acme() { return read_text(vault_ / "Customers/Acme.md"); }

  TempDir tmp_;
  fs::path vault_;
};

TEST_F(Overflow, OlderLinesMoveToTheHistoryNoteAndTheNoteStaysUnderTheLimit) {
  Output o = dossier("run");
  ASSERT_EQ(o.exit_code, 0) << o.err << o.out;
  EXPECT_LE(acme().size(), 20000u);
  ASSERT_TRUE(fs::exists(vault_ / "Customers/Acme (history).md"));
  std::string history = read_text(vault_ / "Customers/Acme (history).md");
  EXPECT_NE(history.find("archive shard 0 on the warm tier"), std::string::npos) << history;
  EXPECT_EQ(acme().find("archive shard 0 on the warm tier"), std::string::npos);
  EXPECT_NE(acme().find("archive shard 179 on the warm tier"), std::string::npos);
  EXPECT_NE(acme().find("Mine."), std::string::npos);

  meeting("2026-01-08 Acme follow-up", "## Key Decisions\n- Acme signed the 5 PB order.\n");
  o = dossier("run");
  ASSERT_EQ(o.exit_code, 0) << o.err << o.out;
  EXPECT_NE(acme().find("5 PB"), std::string::npos) << o.err;
  EXPECT_LE(acme().size(), 20000u);
  EXPECT_FALSE(fs::exists(vault_ / "Customers/Acme (history) (history).md"))
      << "the history note is no customer";

  std::string before = acme(), history_before = read_text(vault_ / "Customers/Acme (history).md");
  o = dossier("run");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(acme(), before) << "a run with nothing new changes no byte";
  EXPECT_EQ(read_text(vault_ / "Customers/Acme (history).md"), history_before);
}

TEST_F(Overflow, UndoPutsTheMovedLinesBackAndRemovesANewHistoryNote) {
  std::string before = acme();
  ASSERT_EQ(dossier("run").exit_code, 0);
  ASSERT_TRUE(fs::exists(vault_ / "Customers/Acme (history).md"));
  Output o = dossier("undo");
  ASSERT_EQ(o.exit_code, 0) << o.err << o.out;
  EXPECT_EQ(acme(), before);
  EXPECT_FALSE(fs::exists(vault_ / "Customers/Acme (history).md"));
}

TEST_F(Overflow, ManyRunsKeepTheNoteUnderTheLimitAndUndoRestoresBothNotes) {
  ASSERT_EQ(dossier("run").exit_code, 0);
  fs::path history = vault_ / "Customers/Acme (history).md";
  for (int run = 0; run < 4; ++run) {
    std::string body;
    for (int i = 0; i < 25; ++i)
      body +=
          "- Acme decided to move tape library " + std::to_string(run * 100 + i) + " to the cold vault.\n";
    meeting("2026-01-1" + std::to_string(run) + " review " + std::to_string(run),
            "## Key Decisions\n" + body);
    std::string note_before = acme(), history_before = read_text(history);
    Output o = dossier("run");
    ASSERT_EQ(o.exit_code, 0) << o.err << o.out;
    EXPECT_LE(acme().size(), 20000u) << "run " << run;
    EXPECT_LE(read_text(history).size(), 20000u) << "run " << run;
    EXPECT_GT(read_text(history).size(), history_before.size());
    if (run == 3) {
      o = dossier("undo");
      ASSERT_EQ(o.exit_code, 0) << o.err << o.out;
      EXPECT_EQ(acme(), note_before);
      EXPECT_EQ(read_text(history), history_before);
    }
  }
}

TEST_F(Overflow, ANoteTheUserFilledIsReportedAndLeftAsItIs) {
  std::string mine(19900, 'x');
  write_text(vault_ / "Customers/Acme.md",
             "---\ntype: customer\n---\n\n# Acme\n\n## My notes\n\n" + mine +
                 "\n\n## Key Decisions\n\n## Next Steps\n\n## Recent Context\n");
  std::string before = acme();
  Output o = dossier("run");
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.err.find("Customers/Acme.md"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("max_file_bytes"), std::string::npos) << o.err;
  EXPECT_EQ(acme(), before);
  EXPECT_FALSE(fs::exists(vault_ / "Customers/Acme (history).md"));
}

}  // namespace
