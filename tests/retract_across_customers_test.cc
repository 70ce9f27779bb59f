// A revised meeting that no longer names a customer it named before: the
// lines dossier wrote from it into that customer's note, and the user left
// alone, are retracted; lines the user edited stay; undo puts them back.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

constexpr char kMeeting[] = "Meetings/2026-01-08 storage review.md";
constexpr char kBoth[] = R"(---
date: 2026-01-08
customers: ["[[Acme]]", "[[Globex]]"]
---
# Storage review

## Key Decisions
- Acme will sign the 5 PB archive order.
- Globex will move its backups to the Dallas data center.

## Next Steps
- Bob to send Globex the migration plan.
)";
constexpr char kAcmeOnly[] = R"(---
date: 2026-01-08
customers: ["[[Acme]]"]
---
# Storage review

## Key Decisions
- Acme will sign the 5 PB archive order.
)";

class RetractAcrossCustomers : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    make_empty_vault(vault_);
    for (const char* name : {"Acme", "Globex"})
      write_text(vault_ / "Customers" / (std::string(name) + ".md"),
                 "---\ntype: customer\n---\n\n# " + std::string(name) +
                     "\n\n## Key Decisions\n\n## Next Steps\n\n## Recent Context\n");
    write_text(vault_ / kMeeting, kBoth);
    run();
  }
  nlohmann::json run() {
    Output o = run_dossier({"run", "--json", "--vault", vault_.string()}, {"DOSSIER_TODAY=2026-01-10"});
    EXPECT_EQ(o.exit_code, 0) << o.err << o.out;
    return nlohmann::json::parse(o.out);
  }
  void undo() {
    Output o = run_dossier({"undo", "--vault", vault_.string()}, {"DOSSIER_TODAY=2026-01-10"});
    EXPECT_EQ(o.exit_code, 0) << o.err << o.out;
  }
  std::string globex() { return read_text(vault_ / "Customers/Globex.md"); }

  TempDir tmp_;
  fs::path vault_;
};

TEST_F(RetractAcrossCustomers, LinesOfAMeetingThatNoLongerNamesTheCustomerAreRetracted) {
  std::string before = globex();
  ASSERT_NE(before.find("Dallas data center"), std::string::npos) << before;
  ASSERT_NE(before.find("migration plan"), std::string::npos) << before;
  write_text(vault_ / kMeeting, kAcmeOnly);
  nlohmann::json r = run();
  std::string after = globex();
  EXPECT_EQ(after.find("Dallas"), std::string::npos) << after;
  EXPECT_EQ(after.find("migration plan"), std::string::npos) << after;
  EXPECT_EQ(after.find("[[2026-01-08 storage review]]"), std::string::npos) << "Recent Context too:\n"
                                                                            << after;
  EXPECT_NE(after.find("last_contact: '2026-01-08'"), std::string::npos) << "last_contact never moves back";
  EXPECT_NE(read_text(vault_ / "Customers/Acme.md").find("Acme will sign the 5 PB archive order."),
            std::string::npos);
  int retracted = 0;
  for (const auto& c : r["changes"])
    if (c["note"] == "Customers/Globex.md" && c["action"] == "retracted") ++retracted;
  EXPECT_EQ(retracted, 3) << r.dump(1);
  EXPECT_EQ(r["notes_updated"], nlohmann::json::array({"Customers/Globex.md"}));

  // Undo puts the retracted lines back, byte for byte.
  undo();
  EXPECT_EQ(globex(), before);
}

TEST_F(RetractAcrossCustomers, ALineTheUserEditedStays) {
  std::string text = globex();
  size_t at = text.find("Bob to send Globex the migration plan.");
  ASSERT_NE(at, std::string::npos) << text;
  text.insert(at + 37, " (Priya asked for it in PDF)");
  write_text(vault_ / "Customers/Globex.md", text);
  write_text(vault_ / kMeeting, kAcmeOnly);
  run();
  std::string after = globex();
  EXPECT_NE(after.find("migration plan (Priya asked for it in PDF)"), std::string::npos) << after;
  EXPECT_EQ(after.find("Dallas"), std::string::npos) << after;
}

TEST_F(RetractAcrossCustomers, TheMeetingNamingTheCustomerAgainAddsItsLinesAgain) {
  write_text(vault_ / kMeeting, kAcmeOnly);
  run();
  write_text(vault_ / kMeeting, kBoth);
  run();
  std::string after = globex();
  EXPECT_NE(after.find("Dallas data center"), std::string::npos) << after;
  EXPECT_NE(after.find("[[2026-01-08 storage review]] - "), std::string::npos) << after;
}

}  // namespace
