// End-to-end: the real binary over a copy of fixtures/vaults/basic, compared
// with the golden vault in fixtures/expected/basic/run/: the files the run
// changed or made are exactly the files there, byte for byte. Every other
// file stays byte-identical to the fixture. DOSSIER_UPDATE_GOLDEN=1 rewrites
// the golden notes (review the diff!) and skips the comparison.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"
#include "vault/lock.h"

namespace fs = std::filesystem;
using namespace dossier;
using namespace dossier::testing;

namespace {

class E2eRun : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    fs::copy(fixture(), vault_, fs::copy_options::recursive);
  }
  static fs::path fixture() { return source_dir() / "fixtures/vaults/basic"; }
  static fs::path golden() { return source_dir() / "fixtures/expected/basic/run"; }

  Output dossier(std::vector<std::string> args) {
    args.insert(args.end(), {"--vault", vault_.string()});
    return run_dossier(args, {kFixtureToday});
  }
  nlohmann::json run_json(std::vector<std::string> args = {}) {
    args.insert(args.begin(), "run");
    args.push_back("--json");
    Output o = dossier(args);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return nlohmann::json::parse(o.out);
  }
  std::string note(const std::string& rel) { return read_text(vault_ / rel); }

  TempDir tmp_;
  fs::path vault_;
};

TEST_F(E2eRun, ProducesTheGoldenNotesAndASecondRunChangesNoByte) {
  nlohmann::json first = run_json();
  EXPECT_GT(first["items_added"].get<int>(), 0);
  EXPECT_TRUE(first["meetings_failed"].empty()) << first.dump(2);
  auto after = snapshot(vault_);
  auto original = snapshot(fixture());
  std::map<std::string, std::string> changed;
  for (const auto& [rel, bytes] : after)
    if (!original.count(rel) || original[rel] != bytes) changed[rel] = bytes;
  ASSERT_FALSE(changed.empty());
  for (const auto& [rel, bytes] : original) EXPECT_TRUE(after.count(rel)) << rel << " was removed";
  if (update_or_compare_golden(golden(), changed, updating_golden()))
    GTEST_SKIP() << "golden notes rewritten: review the diff";

  nlohmann::json second = run_json();
  EXPECT_EQ(second["items_added"], 0);
  EXPECT_EQ(second["meetings_processed"], 0);
  EXPECT_EQ(snapshot(vault_), after);

  nlohmann::json full = run_json({"--full"});
  EXPECT_EQ(full["items_added"], 0);
  EXPECT_EQ(snapshot(vault_), after) << "--full must be idempotent";
}

TEST_F(E2eRun, DryRunChangesNoByteAndShowsTheDiff) {
  auto before = snapshot(vault_);
  Output o = dossier({"run", "--dry-run"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(snapshot(vault_), before);
  EXPECT_NE(o.out.find("+++ b/Customers/Lambda.md"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("--- /dev/null"), std::string::npos) << "a created note shows as new";
  // Nothing was remembered either: a real run afterwards still adds items.
  EXPECT_GT(run_json()["items_added"].get<int>(), 0);
}

TEST_F(E2eRun, ADeletedLineNeverComesBackAndAHandEditSurvives) {
  run_json();
  std::string lambda = note("Customers/Lambda.md");
  size_t at = lambda.find("- ✅ ");
  ASSERT_NE(at, std::string::npos);
  size_t end = lambda.find('\n', at) + 1;
  std::string deleted = lambda.substr(at, end - at);
  lambda.erase(at, end - at);
  // Hand-edit another dossier line: it must survive later runs untouched.
  size_t fact = lambda.find("## Key Facts");
  size_t edit_at = lambda.find("\n- ", fact) + 1;
  lambda.insert(edit_at + 2, "(checked with Priya) ");
  write_text(vault_ / "Customers/Lambda.md", lambda);

  // Every meeting again: the deleted line does not come back from the
  // meetings that gave it.
  run_json({"--full"});
  std::string text = deleted.substr(std::string("- ✅ ").size());
  text = text.substr(0, text.find(" ([["));
  std::string now = note("Customers/Lambda.md");
  EXPECT_EQ(now.find(text), std::string::npos) << "deleted line came back:\n" << now;
  EXPECT_NE(now.find("(checked with Priya) "), std::string::npos);

  // A new meeting repeats the deleted decision word for word: news, added
  // again with the new meeting as its only source.
  write_text(
      vault_ / "Meetings/2025-12-30 Lambda follow-up.md",
      "---\ndate: 2025-12-30\ncustomer: Lambda\n---\n# Lambda follow-up\n\n## Decisions\n\n- " + text + "\n");
  run_json();
  now = note("Customers/Lambda.md");
  EXPECT_NE(now.find("- ✅ " + text + " ([[2025-12-30 Lambda follow-up]])\n"), std::string::npos) << now;
  EXPECT_NE(now.find("(checked with Priya) "), std::string::npos);
  EXPECT_NE(now.find("[[2025-12-30 Lambda follow-up]] - "), std::string::npos)
      << "the new meeting shows in Recent Context";
  std::string settled = now;
  run_json({"--full"});
  EXPECT_EQ(note("Customers/Lambda.md"), settled)
      << "the meetings that gave the deleted line add no link to it";
}

TEST_F(E2eRun, UndoRestoresTheNotesTheLastRunChanged) {
  auto before = snapshot(vault_);
  run_json();
  Output o = dossier({"undo"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(snapshot(vault_), before);
  // The undone items may come back: the run's memory was undone too.
  nlohmann::json again = run_json();
  EXPECT_GT(again["items_added"].get<int>(), 0);
}

TEST_F(E2eRun, AnUndoKilledHalfWayCanBeRunAgain) {
  auto before = snapshot(vault_);
  run_json();
  // As if an undo restored this note's bytes and was killed before its state commit.
  write_text(vault_ / "Customers/Lambda.md", before["Customers/Lambda.md"]);
  Output o = dossier({"undo"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(snapshot(vault_), before);
  // Lambda's memory was restored too: its items come back on the next run.
  run_json();
  EXPECT_NE(note("Customers/Lambda.md").find("- ✅ "), std::string::npos);
}

TEST_F(E2eRun, UndoLeavesANoteEditedSince) {
  run_json();
  std::string edited = note("Customers/Lambda.md") + "\nmy own line\n";
  write_text(vault_ / "Customers/Lambda.md", edited);
  Output o = dossier({"undo"});
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("Customers/Lambda.md:1: edited since the last run"), std::string::npos) << o.err;
  EXPECT_EQ(note("Customers/Lambda.md"), edited);
}

TEST_F(E2eRun, NoteProcessesOneMeetingNowWhateverTheState) {
  run_json();
  auto after = snapshot(vault_);
  Output o = dossier({"note", "Meetings/2025-12-30 new.md"});
  EXPECT_EQ(o.exit_code, 2) << "a missing meeting is a usage error";
  write_text(
      vault_ / "Meetings/2025-12-30 new.md",
      "---\ndate: 2025-12-30\ncustomer: Lambda\n---\n## Decisions\n- Move the pilot to the Dallas site\n");
  o = dossier({"note", "Meetings/2025-12-30 new.md", "--json"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  nlohmann::json r = nlohmann::json::parse(o.out);
  EXPECT_EQ(r["meetings_processed"], 1);
  EXPECT_NE(note("Customers/Lambda.md").find("- ✅ Move the pilot to the Dallas site ([[2025-12-30 new]])"),
            std::string::npos);
}

TEST_F(E2eRun, ASecondConcurrentRunExits75) {
  std::optional<VaultLock> held = VaultLock::acquire(vault_ / ".dossier", false);
  ASSERT_TRUE(held);
  auto before = snapshot(vault_);
  Output o = dossier({"run"});
  EXPECT_EQ(o.exit_code, 75);
  EXPECT_NE(o.err.find("locked by another dossier run"), std::string::npos) << o.err;
  EXPECT_EQ(snapshot(vault_), before);
}

TEST_F(E2eRun, ABadMeetingIsReportedAndTheRestGoesOn) {
  write_text(vault_ / "Meetings/2025-12-01 broken.md", "---\ndate: [unclosed\n---\nDecision: never seen\n");
  write_text(vault_ / "Meetings/2025-12-02 binary.md", std::string("abc\0def", 7));
  Output o = dossier({"run", "--json"});
  EXPECT_EQ(o.exit_code, 1);
  nlohmann::json r = nlohmann::json::parse(o.out);
  ASSERT_EQ(r["meetings_failed"].size(), 2u) << r.dump(2);
  EXPECT_EQ(r["meetings_failed"][0]["path"], "Meetings/2025-12-01 broken.md");
  EXPECT_EQ(r["meetings_failed"][0]["error"].get<std::string>().rfind("Meetings/2025-12-01 broken.md:2: ", 0),
            0u)
      << r["meetings_failed"][0]["error"];
  EXPECT_GT(r["items_added"].get<int>(), 0);
  EXPECT_NE(o.err.find("Meetings/2025-12-02 binary.md:1: "), std::string::npos) << o.err;
}

TEST_F(E2eRun, SeedFaultsAreGone) {
  run_json();
  // Created from the template, with status agreeing and the footer filled.
  std::string helios = note("Customers/Helios Robotics.md");
  EXPECT_NE(helios.find("auto_created: true"), std::string::npos);
  EXPECT_NE(helios.find("needs-review"), std::string::npos);
  EXPECT_NE(helios.find("status: prospect"), std::string::npos);
  EXPECT_NE(helios.find("| **Status** | Prospect |"), std::string::npos) << "the table agrees with status";
  EXPECT_EQ(helios.find("{{"), std::string::npos) << "every placeholder filled";
  for (const auto& [rel, bytes] : snapshot(vault_)) {
    if (rel.rfind("Customers/", 0) != 0) continue;
    SCOPED_TRACE(rel);
    EXPECT_EQ(bytes.find("*Last updated: *"), std::string::npos);
    // The competitor's news never lands in a customer note.
    EXPECT_EQ(bytes.find("Quantix announced"), std::string::npos);
  }
}

}  // namespace
