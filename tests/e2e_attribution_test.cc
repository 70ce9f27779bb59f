// End-to-end: which customer notes a meeting's items reach, through the real
// binary over a copy of fixtures/vaults/basic: meetings with several
// customers, internal meetings, competitors, and items that reach nobody.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

class Attribution : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    fs::copy(source_dir() / "fixtures/vaults/basic", vault_, fs::copy_options::recursive);
    // Only the meetings of each test.
    fs::remove_all(vault_ / "Meetings");
    fs::remove_all(vault_ / "Daily");
  }
  nlohmann::json run() {
    Output o = run_dossier({"run", "--json", "--vault", vault_.string()}, {"DOSSIER_TODAY=2025-12-31"});
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return nlohmann::json::parse(o.out);
  }
  std::string note(const std::string& customer) {
    return read_text(vault_ / "Customers" / (customer + ".md"));
  }
  void meeting(const std::string& name, const std::string& text) {
    write_text(vault_ / "Meetings" / (name + ".md"), text);
  }

  TempDir tmp_;
  fs::path vault_;
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(Attribution, EveryFrontmatterCustomerGetsTheContextLineAndTheSharedItems) {
  meeting("2025-12-20 joint workshop",
          "---\ndate: 2025-12-20\ncustomers: [Lambda, Müller Logistik]\n---\n"
          "Joint DR workshop, both teams in the room.\n\n"
          "## Decisions\n- Both sites replicate nightly to the shared DR target.\n");
  nlohmann::json r = run();
  for (const char* customer : {"Lambda", "Müller Logistik"}) {
    SCOPED_TRACE(customer);
    std::string text = note(customer);
    EXPECT_TRUE(has(text, "- 2025-12-20: [[2025-12-20 joint workshop]]")) << text;
    EXPECT_TRUE(
        has(text, "Both sites replicate nightly to the shared DR target. ([[2025-12-20 joint workshop]])"))
        << text;
    EXPECT_TRUE(has(text, "last_contact: '2025-12-20'")) << text;
  }
  EXPECT_TRUE(r["unattributed"].empty()) << r.dump(2);
}

TEST_F(Attribution, CustomersNamedOnlyInTheTitleBothGetTheContextLine) {
  meeting("2025-12-21 Lambda and Müller Logistik reference call",
          "---\ndate: 2025-12-21\n---\nShort call so they could compare notes on running the NX-900.\n");
  run();
  for (const char* customer : {"Lambda", "Müller Logistik"})
    EXPECT_TRUE(has(note(customer), "[[2025-12-21 Lambda and Müller Logistik reference call]]")) << customer;
}

TEST_F(Attribution, AnInternalMeetingSendsOnlyTheSentencesThatNameTheCustomer) {
  std::string before = note("Lambda");
  meeting("2025-12-22 pipeline sync",
          "---\ndate: 2025-12-22\ntype: internal\n---\n"
          "Decision: forecast call moves to Thursdays.\n"
          "Decision: Lambda gets the wave two discount.\n"
          "Action: Ravi to circulate the portal guide.\n");
  nlohmann::json r = run();
  std::string lambda = note("Lambda");
  EXPECT_TRUE(has(lambda, "Lambda gets the wave two discount.")) << lambda;
  EXPECT_FALSE(has(lambda, "forecast call")) << lambda;
  EXPECT_FALSE(has(lambda, "portal guide")) << lambda;
  // What reached nobody is listed with its line, not dropped silently.
  std::vector<std::string> listed;
  for (const auto& u : r["unattributed"]) {
    EXPECT_EQ(u["path"], "Meetings/2025-12-22 pipeline sync.md");
    listed.push_back(u["text"].get<std::string>() + "@" + std::to_string(u["line"].get<int>()));
  }
  EXPECT_NE(std::find(listed.begin(), listed.end(), "Forecast call moves to Thursdays.@5"), listed.end())
      << r.dump(2);
  EXPECT_NE(std::find(listed.begin(), listed.end(), "Ravi to circulate the portal guide.@7"), listed.end())
      << r.dump(2);
}

TEST_F(Attribution, ACompetitorsNewsInAOneCustomerMeetingStaysWithTheCustomer) {
  meeting("2025-12-23 Lambda pricing call",
          "---\ndate: 2025-12-23\ncustomer: Lambda\n---\n"
          "## Notes\n- Quantix is the main competitor; their quote came in 15% lower.\n");
  run();
  std::string lambda = note("Lambda");
  EXPECT_TRUE(has(lambda, "Quantix is the main competitor; their quote came in 15% lower.")) << lambda;
}

TEST_F(Attribution, ALegalSuffixFindsTheCustomerAndANearNameCreatesNothing) {
  meeting(
      "2025-12-24 Tidewater call",
      "---\ndate: 2025-12-24\ncustomer: Tidewater Bank Inc.\n---\n## Decisions\n- Go with the KMIP pilot.\n");
  meeting(
      "2025-12-26 Tidewater follow-up",
      "---\ndate: 2025-12-26\ncustomer: Tidewatr Bank\n---\n## Decisions\n- Start the audit in January.\n");
  Output o = run_dossier({"run", "--json", "--vault", vault_.string()}, {"DOSSIER_TODAY=2025-12-31"});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  nlohmann::json r = nlohmann::json::parse(o.out);
  EXPECT_TRUE(has(note("Tidewater Bank"), "Go with the KMIP pilot. ([[2025-12-24 Tidewater call]])"));
  for (const auto& [rel, bytes] : snapshot(vault_)) {
    EXPECT_FALSE(rel.starts_with("Customers/Tidewater Bank ")) << "duplicate note " << rel;
    EXPECT_FALSE(rel.starts_with("Customers/Tidewatr")) << "a note for a typo: " << rel;
  }
  ASSERT_EQ(r["warnings"].size(), 1u) << r.dump(2);
  EXPECT_TRUE(has(r["warnings"][0], "Meetings/2025-12-26 Tidewater follow-up.md:1: customer 'Tidewatr Bank'"))
      << r.dump(2);
  bool listed = false;
  for (const auto& u : r["unattributed"]) listed |= u["text"] == "Start the audit in January.";
  EXPECT_TRUE(listed) << "the typo's items are listed, not dropped: " << r.dump(2);
}

TEST_F(Attribution, CheckListsNearDuplicateCustomerNotes) {
  write_text(vault_ / "Customers/Tidewater Bank Ltd.md", "# Tidewater Bank Ltd\n");
  Output o = run_dossier({"check", "--vault", vault_.string()});
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_TRUE(
      has(o.err,
          "Customers/Tidewater Bank Ltd.md:1: looks like a duplicate of Customers/Tidewater Bank.md") ||
      has(o.err, "Customers/Tidewater Bank.md:1: looks like a duplicate of Customers/Tidewater Bank Ltd.md"))
      << o.err;
}

}  // namespace
