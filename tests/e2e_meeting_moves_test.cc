// End-to-end: meetings that move under dossier's feet. A meeting renamed
// without its links being updated is followed, not added again; a meeting
// older than what the notes already hold takes its place in date order.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/test_util.h"
#include "util/text.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

const char kOld[] = "2025-12-19 Lambda capacity sync";
const char kNew[] = "2025-12-19 Lambda capacity sync with Ken";

class MeetingMoves : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    fs::copy(source_dir() / "fixtures/vaults/basic", vault_, fs::copy_options::recursive);
  }
  Output dossier(std::vector<std::string> args) {
    args.insert(args.end(), {"--vault", vault_.string()});
    return run_dossier(args, {"DOSSIER_TODAY=2025-12-31", "DOSSIER_SETTLE_S=0"});
  }
  nlohmann::json run_json() {
    Output o = dossier({"run", "--json"});
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return nlohmann::json::parse(o.out);
  }
  std::string lambda() { return read_text(vault_ / "Customers/Lambda.md"); }
  fs::path meeting(const std::string& name) { return vault_ / "Meetings" / (name + ".md"); }

  TempDir tmp_;
  fs::path vault_;
};

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(MeetingMoves, ARenamedMeetingsLinksFollowItAndNothingIsAdded) {
  run_json();
  std::string before = lambda();
  size_t links = count(before, std::string("[[") + kOld + "]]");
  ASSERT_GT(links, 3u);
  // A line of the user's that names the meeting, and a line of dossier's the user deleted.
  std::string users = "- My own take on [[" + std::string(kOld) + "]]: good call\n";
  std::string deleted =
      "- [ ] Ravi to schedule the firmware upgrade for Jan 8 in the maintenance window. ([[" +
      std::string(kOld) + "]])\n";
  ASSERT_NE(before.find(deleted), std::string::npos);
  std::string edited = before;
  edited.erase(edited.find(deleted), deleted.size());
  edited.insert(edited.find("## Key Facts\n") + 13, "\n" + users);
  write_text(vault_ / "Customers/Lambda.md", edited);

  fs::rename(meeting(kOld), meeting(kNew));
  nlohmann::json report = run_json();
  EXPECT_EQ(report["items_added"], 0) << report.dump(2);
  ASSERT_EQ(report["meetings_renamed"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["meetings_renamed"][0]["from"], std::string("Meetings/") + kOld + ".md");
  EXPECT_EQ(report["meetings_renamed"][0]["to"], std::string("Meetings/") + kNew + ".md");
  std::string after = lambda();
  EXPECT_EQ(count(after, std::string("[[") + kNew + "]]"), links - 1) << after;
  EXPECT_EQ(count(after, std::string("[[") + kOld + "]]"), 1u) << "only the user's line keeps the old name\n"
                                                               << after;
  EXPECT_NE(after.find(users), std::string::npos);
  EXPECT_EQ(count(after, "Ravi to schedule the firmware upgrade"), 0u) << after;
  // Byte for byte, the note is the edited one with the links renamed.
  std::string expected = edited;
  for (size_t at = expected.find(std::string("[[") + kOld + "]])"); at != std::string::npos;
       at = expected.find(std::string("[[") + kOld + "]])", at))
    expected.replace(at + 2, std::string(kOld).size(), kNew);
  for (size_t at = expected.find(std::string("[[") + kOld + "]] -"); at != std::string::npos;
       at = expected.find(std::string("[[") + kOld + "]] -", at))
    expected.replace(at + 2, std::string(kOld).size(), kNew);
  EXPECT_EQ(after, expected);

  // Nothing new: the next run changes no byte.
  auto settled = snapshot(vault_);
  EXPECT_EQ(run_json()["meetings_processed"], 0);
  EXPECT_EQ(snapshot(vault_), settled);

  // The meeting revised under its new name: the line the user deleted stays deleted.
  write_text(meeting(kNew),
             read_text(meeting(kNew)) + "\n- Decision: Lambda will pilot the new telemetry exporter.\n");
  run_json();
  EXPECT_EQ(count(lambda(), "Ravi to schedule the firmware upgrade"), 0u) << lambda();
  EXPECT_EQ(count(lambda(), "telemetry exporter"), 1u) << lambda();
}

// The post-meeting hook on a renamed meeting follows it as a run does: it
// once took the meeting for a new one (its links left pointing at the gone
// name, a line added twice).
TEST_F(MeetingMoves, TheHookFollowsARenamedMeetingAsARunDoes) {
  run_json();
  fs::path by_run = tmp_.path() / "by-run";
  fs::copy(vault_, by_run, fs::copy_options::recursive);
  fs::rename(meeting(kOld), meeting(kNew));
  fs::rename(by_run / "Meetings" / (std::string(kOld) + ".md"),
             by_run / "Meetings" / (std::string(kNew) + ".md"));
  Output o = dossier({"note", meeting(kNew).string(), "--json"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  nlohmann::json r = nlohmann::json::parse(o.out);
  EXPECT_EQ(r["items_added"], 0) << r.dump(2);
  EXPECT_EQ(count(lambda(), std::string("[[") + kOld + "]]"), 0u);
  Output run =
      run_dossier({"run", "--vault", by_run.string()}, {"DOSSIER_TODAY=2025-12-31", "DOSSIER_SETTLE_S=0"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto notes = [](const fs::path& vault) {
    auto files = snapshot(vault);
    std::erase_if(files, [](const auto& file) { return !file.first.starts_with("Customers/"); });
    return files;
  };
  EXPECT_EQ(notes(vault_), notes(by_run));
}

TEST_F(MeetingMoves, UndoPutsTheOldLinksBack) {
  run_json();
  std::string before = lambda();
  fs::rename(meeting(kOld), meeting(kNew));
  run_json();
  ASSERT_NE(lambda(), before);
  Output undo = dossier({"undo"});
  EXPECT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_EQ(lambda(), before);
  // And the rename is seen again.
  nlohmann::json again = run_json();
  EXPECT_EQ(again["meetings_renamed"].size(), 1u) << again.dump(2);
  EXPECT_EQ(again["items_added"], 0);
}

// The date of a list line: that of the earliest meeting of its provenance
// (the fixture's meeting names begin with their date), or "" for none.
std::string line_date(std::string_view line) {
  std::string date;
  for (size_t at = line.find("[[20"); at != std::string::npos; at = line.find("[[20", at + 1)) {
    std::string d(line.substr(at + 2, 10));
    if (date.empty() || d < date) date = d;
  }
  return date;
}

TEST_F(MeetingMoves, AnOlderMeetingArrivingLaterTakesItsPlaceInDateOrder) {
  const std::string weekly = "2025-11-06 Lambda weekly";
  fs::path held = tmp_.path() / "held.md";
  fs::rename(vault_ / "Meetings/2025/11" / (weekly + ".md"), held);
  run_json();
  fs::rename(held, vault_ / "Meetings/2025/11" / (weekly + ".md"));
  nlohmann::json report = run_json();
  EXPECT_GT(report["items_added"].get<int>(), 3);
  std::string note = lambda();
  ASSERT_NE(note.find("[[" + weekly + "]]"), std::string::npos);
  // In every section, dossier's lines (those with a provenance) stand in date order.
  std::string section, last;
  for (std::string_view line : dossier::split_lines(note)) {
    if (line.starts_with("## ")) {
      section = std::string(line);
      last.clear();
      continue;
    }
    if (!line.starts_with("- ") || line.find("~~") != std::string_view::npos ||
        section == "## Recent Context\n")
      continue;
    std::string date = line_date(line);
    if (date.empty()) continue;
    EXPECT_LE(last, date) << section << line << "\n" << note;
    last = date;
  }
}

}  // namespace
