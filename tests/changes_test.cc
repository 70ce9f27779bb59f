// Change over time through the real binary: a vault whose meetings are
// written, edited and followed by others, run after run.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

const char kConfig[] = R"(meetings:
  - "Meetings/*.md"
customers: Customers
create_customers: true
extractor: rules
own_company: Northwind Storage
)";

class Changes : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    fs::create_directories(vault_ / "Meetings");
    write_text(vault_ / "dossier.yaml", kConfig);
  }
  void meeting(const std::string& name, const std::string& body) {
    write_text(vault_ / "Meetings" / (name + ".md"),
               "---\ndate: " + name.substr(0, 10) + "\ncustomer: \"[[Halvorsen Freight]]\"\n---\n" + body);
  }
  Output dossier(std::vector<std::string> args, const std::string& today = "2026-03-31") {
    args.insert(args.end(), {"--vault", vault_.string()});
    return run_dossier(args, {"DOSSIER_TODAY=" + today});
  }
  nlohmann::json run(std::vector<std::string> args = {}, const std::string& today = "2026-03-31") {
    args.insert(args.begin(), "run");
    args.push_back("--json");
    Output o = dossier(args, today);
    EXPECT_EQ(o.exit_code, 0) << o.err << o.out;
    return nlohmann::json::parse(o.out);
  }
  std::string note() { return read_text(vault_ / "Customers/Halvorsen Freight.md"); }

  TempDir tmp_;
  fs::path vault_;
};

TEST_F(Changes, StatusWonInTheCallOfANewCustomerMovesItsNoteOffProspect) {
  meeting("2026-03-04 QBR", "# QBR\n- Status: won. PO arrived Fri\n");
  run();
  std::string text = note();
  EXPECT_NE(text.find("\nstatus: won\n"), std::string::npos) << text;
  EXPECT_NE(text.find("- status/won\n"), std::string::npos) << text;
  EXPECT_NE(text.find("| **Status** | Won |"), std::string::npos) << text;
  EXPECT_EQ(text.find("rospect"), std::string::npos) << text;
}

std::string without_line(std::string text, const std::string& start) {
  size_t at = text.find("\n" + start);
  EXPECT_NE(at, std::string::npos) << start;
  if (at != std::string::npos) text.erase(at + 1, text.find('\n', at + 1) - at);
  return text;
}

TEST_F(Changes, ADeletedLineNeverComesBackFromItsMeetingButALaterMeetingRaisesItAgain) {
  meeting("2026-01-08 kickoff", "# kickoff\n## Blockers\n- waiting on legal review of the MSA\n");
  run();
  std::string deleted = without_line(note(), "- waiting on legal review of the MSA");
  write_text(vault_ / "Customers/Halvorsen Freight.md", deleted);
  run({"--full"});
  EXPECT_EQ(note(), deleted) << "the same meeting must not bring it back";

  meeting("2026-02-19 sync", "# sync\n## Risks\n- waiting on legal review of the MSA\n");
  run();
  EXPECT_NE(note().find("- waiting on legal review of the MSA ([[2026-02-19 sync]])"), std::string::npos)
      << note();
  std::string again = note();
  run({"--full"});
  EXPECT_EQ(note(), again);
}

TEST_F(Changes, ResurrectFalseKeepsADeletedLineDeletedForGood) {
  write_text(vault_ / "dossier.yaml", std::string(kConfig) + "resurrect: false\n");
  meeting("2026-01-08 kickoff", "# kickoff\n## Blockers\n- waiting on legal review of the MSA\n");
  run();
  std::string deleted = without_line(note(), "- waiting on legal review of the MSA");
  write_text(vault_ / "Customers/Halvorsen Freight.md", deleted);
  meeting("2026-02-19 sync", "# sync\n## Risks\n- waiting on legal review of the MSA\n");
  run();
  EXPECT_EQ(note().find("- waiting on legal review of the MSA ("), std::string::npos) << note();
}

std::string section(const std::string& text, const std::string& title) {
  size_t start = text.find("## " + title + "\n");
  if (start == std::string::npos) return "";
  size_t end = text.find("\n## ", start + 1);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

TEST_F(Changes, AutosavedHalfSentencesLeaveOnlyWhatTheMeetingSaysNow) {
  const std::string path = "Meetings/2026-01-08 kickoff.md";
  for (std::string decision : {"we will", "we will go with the", "we will go with the single-site design"}) {
    meeting("2026-01-08 kickoff", "# kickoff\n- Decision: " + decision + "\n");
    Output o = dossier({"note", path, "--now"});
    ASSERT_EQ(o.exit_code, 0) << o.err;
  }
  std::string decisions = section(note(), "Key Decisions");
  EXPECT_EQ(decisions,
            "## Key Decisions\n\n- ✅ We will go with the single-site design ([[2026-01-08 kickoff]])\n")
      << note();
}

TEST_F(Changes, ACorrectedMeetingReplacesWhatItSaidAndKeepsWhatTheUserEdited) {
  meeting("2026-01-08 kickoff",
          "# kickoff\n## Decisions\n- going w/ the 2-site design\n## Notes\n- footprint 120 PB\n"
          "- tape window ~9h\n");
  run();
  std::string text = note();
  // The user edits one of dossier's lines.
  size_t at = text.find("- tape window ~9h");
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, 17, "- tape window ~9h (Ingrid says 11h on bad nights)");
  write_text(vault_ / "Customers/Halvorsen Freight.md", text);
  meeting("2026-01-08 kickoff",
          "# kickoff\n## Decisions\n- going w/ a single site (2-site plan dropped)\n## Notes\n"
          "- footprint 120 PB\n- tape window ~10h\n");
  nlohmann::json r = run();
  text = note();
  EXPECT_EQ(text.find("going w/ the 2-site design"), std::string::npos) << text;
  EXPECT_NE(text.find("going w/ a single site (2-site plan dropped) ([[2026-01-08 kickoff]])"),
            std::string::npos);
  EXPECT_NE(text.find("- footprint 120 PB ([[2026-01-08 kickoff]])"), std::string::npos)
      << "still said: stays";
  EXPECT_NE(text.find("- tape window ~9h (Ingrid says 11h on bad nights) ([[2026-01-08 kickoff]])"),
            std::string::npos)
      << "the user's edit wins";
  EXPECT_NE(text.find("- tape window ~10h ([[2026-01-08 kickoff]])"), std::string::npos) << text;
  int retracted = 0;
  for (const auto& c : r["changes"]) retracted += c["action"] == "retracted";
  EXPECT_EQ(retracted, 1) << r.dump(2);
  std::string once = note();
  run({"--full"});
  EXPECT_EQ(note(), once);
}

TEST_F(Changes, ATaskTheUserTickedStaysWhenItsMeetingDropsIt) {
  meeting("2026-01-08 kickoff",
          "# kickoff\n## next\n- [ ] send the sizing roadmap to Ingrid\n- [ ] book the deep dive\n");
  run();
  std::string text = note();
  size_t at = text.find("- [ ] send the sizing roadmap");
  ASSERT_NE(at, std::string::npos) << text;
  text[at + 3] = 'x';
  write_text(vault_ / "Customers/Halvorsen Freight.md", text);
  meeting("2026-01-08 kickoff", "# kickoff\n## next\n- [ ] book the deep dive\n");
  run();
  EXPECT_NE(note().find("- [x] send the sizing roadmap to Ingrid ([[2026-01-08 kickoff]])"),
            std::string::npos)
      << note();
}

TEST_F(Changes, ALineOtherMeetingsGaveTooOnlyLosesTheRevisedMeetingsLink) {
  meeting("2026-01-08 kickoff", "# kickoff\n## Blockers\n- waiting on legal review of the MSA\n");
  meeting("2026-01-22 weekly",
          "# weekly\n## Blockers\n- waiting on legal review of the MSA\n- no budget owner yet\n");
  run();
  EXPECT_NE(
      note().find("- waiting on legal review of the MSA ([[2026-01-08 kickoff]], [[2026-01-22 weekly]])"),
      std::string::npos)
      << note();
  meeting("2026-01-22 weekly", "# weekly\n## Blockers\n- no budget owner yet\n");
  run();
  EXPECT_NE(note().find("- waiting on legal review of the MSA ([[2026-01-08 kickoff]])\n"), std::string::npos)
      << note();
  EXPECT_NE(note().find("- no budget owner yet ([[2026-01-22 weekly]])\n"), std::string::npos) << note();
}

// A meeting saved just now, new or revised, is being typed: it waits for
// settle_s, unless `run --now` or `note --now`.
TEST_F(Changes, AMeetingSavedJustNowIsLeftToSettleUnlessNow) {
  const std::string path = "Meetings/2026-01-08 kickoff.md";
  meeting("2026-01-08 kickoff", "# kickoff\n## Blockers\n- waiting on legal review of the MSA\n");
  Output o = run_dossier({"run", "--json", "--vault", vault_.string()}, {"DOSSIER_SETTLE_S=600"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  nlohmann::json r = nlohmann::json::parse(o.out);
  EXPECT_EQ(r["meetings_processed"], 0) << "a new meeting saved just now waits too";
  EXPECT_EQ(r["meetings_settling"], nlohmann::json::array({path}));
  EXPECT_FALSE(fs::exists(vault_ / "Customers/Halvorsen Freight.md")) << "nothing of it is written yet";
  o = run_dossier({"run", "--vault", vault_.string()}, {"DOSSIER_SETTLE_S=600"});
  EXPECT_NE(o.out.find("1 of the unchanged were saved less than settle_s seconds ago"), std::string::npos)
      << o.out;
  o = run_dossier({"run", "--now", "--json", "--vault", vault_.string()}, {"DOSSIER_SETTLE_S=600"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  r = nlohmann::json::parse(o.out);
  EXPECT_EQ(r["meetings_processed"], 1) << "run --now does not wait";
  EXPECT_NE(note().find("- waiting on legal review of the MSA"), std::string::npos);

  meeting("2026-01-08 kickoff",
          "# kickoff\n## Blockers\n- waiting on legal review of the MSA\n"
          "- security questionnaire still open\n");
  o = run_dossier({"run", "--json", "--vault", vault_.string()}, {"DOSSIER_SETTLE_S=600"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  r = nlohmann::json::parse(o.out);
  EXPECT_EQ(r["meetings_processed"], 0);
  EXPECT_EQ(r["meetings_skipped"], 1);
  EXPECT_EQ(r["meetings_settling"], nlohmann::json::array({path}));
  o = run_dossier({"note", path, "--vault", vault_.string()}, {"DOSSIER_SETTLE_S=600"});
  EXPECT_EQ(note().find("security questionnaire"), std::string::npos) << note();
  o = run_dossier({"note", path, "--now", "--vault", vault_.string()}, {"DOSSIER_SETTLE_S=600"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(note().find("- security questionnaire still open"), std::string::npos) << note();
}

TEST_F(Changes, OldContextAndLongDoneTasksMoveToAFoldedHistoryAndUndoPutsThemBack) {
  write_text(vault_ / "dossier.yaml",
             std::string(kConfig) + "recent_context_lines: 3\nhistory_after_days: 30\n");
  meeting("2026-01-05 call", "# call\n## next\n- [ ] send the sizing roadmap to Ingrid\n");
  meeting("2026-01-12 call", "# call\n- I sent the sizing roadmap to Ingrid\n- Decision: pilot in Oslo\n");
  meeting("2026-01-19 call", "# call\n- Decision: phase two in Bergen\n");
  run({}, "2026-01-31");
  std::string first = note();
  EXPECT_EQ(first.find("## History"), std::string::npos) << "three lines, nothing old yet:\n" << first;

  meeting("2026-02-16 call", "# call\n- Decision: tiering to object storage\n");
  meeting("2026-02-23 call", "# call\n- Decision: keep tape for legal holds\n");
  std::string before = note();
  Output o = dossier({"run"}, "2026-02-28");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  std::string text = note();
  std::string context = section(text, "Recent Context"), history = section(text, "History");
  EXPECT_NE(context.find("[[2026-02-23 call]]"), std::string::npos) << text;
  EXPECT_NE(context.find("[[2026-01-19 call]]"), std::string::npos) << text;
  EXPECT_EQ(context.find("[[2026-01-12 call]]"), std::string::npos) << text;
  EXPECT_NE(history.find("> [!abstract]- Older meetings\n> - 2026-01-12: [[2026-01-12 call]]"),
            std::string::npos)
      << text;
  EXPECT_NE(history.find("\n> - 2026-01-05: [[2026-01-05 call]]"), std::string::npos) << text;
  EXPECT_LT(history.find("[[2026-01-12 call]]"), history.find("[[2026-01-05 call]]")) << "newest first";
  EXPECT_NE(history.find("> [!done]- Done tasks\n> - [x] send the sizing roadmap to Ingrid"),
            std::string::npos)
      << text;
  EXPECT_EQ(section(text, "Next Steps").find("sizing roadmap"), std::string::npos) << text;
  // A moved line keeps its bytes behind the callout's "> ".
  size_t at = first.find("- 2026-01-12: ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_NE(history.find("> " + first.substr(at, first.find('\n', at) + 1 - at)), std::string::npos) << text;

  run({}, "2026-02-28");
  EXPECT_EQ(note(), text) << "a second run changes no byte";
  Output undo = dossier({"undo"}, "2026-02-28");
  ASSERT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_EQ(note(), before);
}

}  // namespace
