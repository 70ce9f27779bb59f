// The run report through the real binary: `changes` and `dry_run` in --json,
// the diff in `--dry-run --json`, the per-note list of --verbose, and
// `undo --dry-run`.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "pipeline/merge.h"
#include "tests/merge_test_util.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

class RunReport : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    fs::copy(source_dir() / "fixtures/vaults/basic", vault_, fs::copy_options::recursive);
  }
  Output dossier(std::vector<std::string> args) {
    args.insert(args.end(), {"--vault", vault_.string()});
    return run_dossier(args, {"DOSSIER_TODAY=2025-12-31"});
  }
  nlohmann::json json_of(std::vector<std::string> args) {
    args.push_back("--json");
    Output o = dossier(args);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return nlohmann::json::parse(o.out);
  }

  TempDir tmp_;
  fs::path vault_;
};

bool contains(const nlohmann::json& list, const std::string& value) {
  for (const auto& v : list)
    if (v == value) return true;
  return false;
}

TEST_F(RunReport, JsonListsEveryChangeWithItsNoteKindTextAndMeeting) {
  nlohmann::json r = json_of({"run"});
  EXPECT_EQ(r["dry_run"], false);
  EXPECT_FALSE(r.contains("diff"));
  ASSERT_TRUE(r["changes"].is_array());
  int added = 0, merged = 0;
  for (const auto& c : r["changes"]) {
    SCOPED_TRACE(c.dump());
    for (const char* key : {"note", "kind", "action", "text", "meeting"}) {
      ASSERT_TRUE(c[key].is_string()) << key;
      EXPECT_FALSE(c[key].get<std::string>().empty()) << key;
    }
    std::string action = c["action"];
    EXPECT_TRUE(action == "added" || action == "merged" || action == "done" || action == "resolved");
    if (action == "added") ++added;
    if (action == "merged") ++merged;
    EXPECT_TRUE(contains(r["notes_created"], c["note"]) || contains(r["notes_updated"], c["note"]));
  }
  EXPECT_EQ(added, r["items_added"].get<int>());
  EXPECT_EQ(merged, r["items_merged"].get<int>());
  EXPECT_GT(added, 0);

  bool lambda_decision = false;
  for (const auto& c : r["changes"])
    lambda_decision |= c["note"] == "Customers/Lambda.md" && c["kind"] == "decision" &&
                       c["meeting"] == "2025-12-19 Lambda capacity sync";
  EXPECT_TRUE(lambda_decision) << r["changes"].dump(2);

  nlohmann::json again = json_of({"run"});
  EXPECT_TRUE(again["changes"].empty()) << "nothing new, nothing to report";
}

// The warning needs the meeting's text, which a run frees after extraction:
// it must be told while the text is at hand.
TEST_F(RunReport, AMeetingWithTextButNothingToFileIsWarnedAbout) {
  std::ofstream(vault_ / "Meetings" / "2025-12-20 catch-up.md")
      << "---\ndate: 2025-12-20\n---\n# Catch-up\n\n"
         "We chatted about the weather and the holidays for a while and then everyone went home.\n";
  nlohmann::json r = json_of({"run", "--now"});
  EXPECT_TRUE(contains(r["warnings"], "Meetings/2025-12-20 catch-up.md: no items extracted"))
      << r["warnings"].dump();
  EXPECT_FALSE(contains(r["warnings"], "Meetings/2025-12-19 Lambda capacity sync.md: no items extracted"));
}

TEST_F(RunReport, DryRunJsonCarriesTheDiffTheTextDryRunPrints) {
  Output text = dossier({"run", "--dry-run"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  nlohmann::json r = json_of({"run", "--dry-run"});
  EXPECT_EQ(r["dry_run"], true);
  ASSERT_TRUE(r["diff"].is_string());
  EXPECT_FALSE(r["diff"].get<std::string>().empty());
  EXPECT_TRUE(text.out.starts_with(r["diff"].get<std::string>()));
  EXPECT_GT(r["changes"].size(), 0u);
  EXPECT_EQ(r["changes"], json_of({"run"})["changes"]) << "a dry run reports what the real run does";
}

TEST_F(RunReport, VerboseListsTheChangesUnderEachNote) {
  Output o = dossier({"run", "--verbose"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  size_t note = o.out.find("Customers/Lambda.md\n");
  ASSERT_NE(note, std::string::npos) << o.out;
  size_t decision = o.out.find("\n  + decision: ", note);
  EXPECT_NE(decision, std::string::npos) << o.out;
  EXPECT_NE(o.out.find("(2025-12-19 Lambda capacity sync)\n", note), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("processed "), std::string::npos) << "the summary line still ends the report";

  Output quiet = dossier({"run", "--verbose", "--quiet", "--full"});
  EXPECT_EQ(quiet.out, "") << "--quiet wins";
}

TEST_F(RunReport, UndoDryRunShowsWhatUndoWouldRestoreAndWritesNothing) {
  auto before = snapshot(vault_);
  ASSERT_EQ(dossier({"run", "--quiet"}).exit_code, 0);
  auto after = snapshot(vault_);
  ASSERT_NE(after, before);

  Output preview = dossier({"undo", "--dry-run"});
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_EQ(snapshot(vault_), after) << "undo --dry-run wrote something";
  EXPECT_NE(preview.out.find("would restore Customers/Lambda.md\n"), std::string::npos) << preview.out;
  EXPECT_NE(preview.out.find("--- a/Customers/Lambda.md"), std::string::npos) << preview.out;

  Output undo = dossier({"undo"});
  ASSERT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_EQ(snapshot(vault_), before);
  for (const auto& [rel, bytes] : after) {
    if (before.count(rel) && before.at(rel) != bytes) {
      EXPECT_NE(preview.out.find("would restore " + rel + "\n"), std::string::npos) << rel;
    }
  }
}

TEST(RunReportChanges, ALineAMeetingClosesIsReportedDoneOrResolved) {
  using namespace dossier;
  using namespace dossier::merge_test;
  const std::string task = "- [ ] Send the roadmap to Jane ([[2025-11-02 Sync]])";
  const std::string blocker = "- Waiting on legal review of the MSA ([[2025-11-02 Sync]])";
  NoteMemory memory;
  memory.own_lines = {task, blocker};
  Meeting m = make_meeting("2025-12-01 Review", "2025-12-01");
  m.note = parse_note(m.path,
                      "---\ndate: 2025-12-01\n---\n# Review\n\n## Notes\n\n"
                      "- sent the roadmap over to Jane\n- legal review of the MSA is done, resolved\n");
  Merged out = merged("---\ntype: customer\n---\n\n# Northwind\n\n## Current Blockers\n\n" + blocker +
                          "\n\n## Next Steps\n\n" + task + "\n\n## Recent Context\n\n",
                      {at(m, {})}, memory);
  bool done = false;
  for (const Change& c : out.stats.changes) {
    if (c.action != "done") continue;
    done = true;
    EXPECT_EQ(c.kind, "next_step");
    EXPECT_EQ(c.meeting, "2025-12-01 Review");
    EXPECT_TRUE(c.text.starts_with("Send the roadmap to Jane")) << c.text;
  }
  EXPECT_TRUE(done) << out.text;
}

TEST(RunReportChanges, ALineANewValueStrikesIsReportedSuperseded) {
  using namespace dossier;
  using namespace dossier::merge_test;
  NoteMemory memory;
  memory.own_lines = {"- Current footprint is 120 PB ([[2025-11-02 Sync]])"};
  Meeting m = make_meeting("2026-02-03 QBR", "2026-02-03");
  Merged out = merged(
      "---\ntype: customer\n---\n\n# Northwind\n\n## Key Facts\n\n"
      "- Current footprint is 120 PB ([[2025-11-02 Sync]])\n\n## Recent Context\n\n",
      {at(m, {make_item(ItemKind::fact, "Footprint now 200 PB")})}, memory);
  std::vector<std::string> seen;
  for (const Change& c : out.stats.changes) seen.push_back(c.action + " " + c.kind + ": " + c.text);
  EXPECT_EQ(seen,
            (std::vector<std::string>{"superseded fact: Current footprint is 120 PB ([[2025-11-02 Sync]])",
                                      "added fact: Footprint now 200 PB"}))
      << out.text;
}

TEST(PrintBuiltins, RulesAndTemplatePrintTheBuiltInFiles) {
  Output rules = run_dossier({"rules", "--print"});
  EXPECT_EQ(rules.exit_code, 0) << rules.err;
  EXPECT_EQ(rules.out, read_text(source_dir() / "templates/rules/default.yaml"));
  Output tmpl = run_dossier({"template", "--print"});
  EXPECT_EQ(tmpl.exit_code, 0) << tmpl.err;
  EXPECT_EQ(tmpl.out, read_text(source_dir() / "templates/customer.md"));
}

TEST_F(RunReport, PrintedRulesAndTemplateWorkAsTheVaultsOwn) {
  write_text(vault_ / "my-rules.yaml", run_dossier({"rules", "--print"}).out);
  write_text(vault_ / "my-template.md", run_dossier({"template", "--print"}).out);
  write_text(vault_ / "dossier.yaml",
             read_text(vault_ / "dossier.yaml") + "\nrules: [my-rules.yaml]\ntemplate: my-template.md\n");
  Output check = dossier({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  Output in_use = dossier({"rules"});
  EXPECT_NE(in_use.out.find("my-rules.yaml"), std::string::npos) << in_use.out;
  EXPECT_NE(dossier({"template"}).out.find("my-template.md"), std::string::npos);
}

}  // namespace
