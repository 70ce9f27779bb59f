// End-to-end: meetings that move under dossier's feet. A meeting older
// than what the notes already hold takes its place in date order.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/test_util.h"
#include "util/text.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

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
  std::string lambda() { return slurp(vault_ / "Customers/Lambda.md"); }

  TempDir tmp_;
  fs::path vault_;
};

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
    if (!line.starts_with("- ") || line.find("~~") != std::string_view::npos || section == "## Recent Context\n")
      continue;
    std::string date = line_date(line);
    if (date.empty()) continue;
    EXPECT_LE(last, date) << section << line << "\n" << note;
    last = date;
  }
}

}  // namespace
