// End-to-end: topics are phrases rarer across the whole vault, not only
// among the meetings of one run. The state store keeps each processed
// meeting's recurring phrases, so that a later run of one new meeting still
// knows what every meeting says.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"
#include "util/text.h"

namespace fs = std::filesystem;
using namespace dossier;
using namespace dossier::testing;

namespace {

const char kTopicsToday[] = "DOSSIER_TODAY=2026-02-01";

void write_customer(const fs::path& vault, const std::string& name) {
  write_text(vault / "Customers" / (name + ".md"),
             "---\ntype: customer\n---\n\n# " + name + "\n\n## Recent Context\n");
}

void write_meeting(const fs::path& vault, const std::string& name, const std::string& customer,
                   const std::string& notes) {
  write_text(vault / "Meetings" / (name + ".md"), "---\ndate: " + name.substr(0, 10) + "\ncustomer: \"[[" +
                                                      customer + "]]\"\n---\n\n# " + name +
                                                      "\n\n## Notes\n\n" + notes);
}

// The Topics / Themes line of a customer note, case-folded.
std::string topics_line(const fs::path& note) {
  std::string text = read_text(note);
  size_t at = text.find("## Topics / Themes\n");
  if (at == std::string::npos) return "";
  size_t start = text.find_first_not_of('\n', at + 19);
  return casefold(text.substr(start, text.find('\n', start) - start));
}

TEST(E2eTopics, APhraseEveryEarlierMeetingRepeatsIsNoTopicOfANewOne) {
  TempDir tmp;
  fs::path vault = tmp.path() / "vault";
  fs::create_directories(vault / "Meetings");
  write_customer(vault, "Globex");
  write_customer(vault, "Acme");
  const char* weekly[] = {"invoice portal", "badge readers", "parking permits",
                          "print quotas",   "desk booking",  "visitor wifi"};
  for (int i = 0; i < 6; ++i) {
    std::string other = weekly[i];
    write_meeting(vault, "2026-01-0" + std::to_string(i + 1) + " Globex weekly", "Globex",
                  "- The storage migration is on track.\n- We reviewed the storage migration plan.\n- The " +
                      other + " came up.\n- The " + other + " needs an owner.\n");
  }
  Output first = run_dossier({"run", "--vault", vault.string()}, {kTopicsToday});
  ASSERT_EQ(first.exit_code, 0) << first.err;

  // Later, one new meeting, processed alone.
  write_meeting(vault, "2026-01-20 Acme plant visit", "Acme",
                "- The storage migration is on track.\n- The cooling retrofit starts in spring.\n"
                "- The chiller replacement is budgeted.\n- We walked through the storage migration.\n"
                "- The cooling retrofit needs a crane.\n- The chiller replacement comes first.\n"
                "- Storage migration questions go to the service desk.\n");
  Output second = run_dossier({"run", "--json", "--vault", vault.string()}, {kTopicsToday});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  nlohmann::json report = nlohmann::json::parse(second.out);
  EXPECT_EQ(report["meetings_processed"], 1);
  std::string topics = topics_line(vault / "Customers/Acme.md");
  EXPECT_NE(topics.find("cooling retrofit"), std::string::npos) << read_text(vault / "Customers/Acme.md");
  EXPECT_NE(topics.find("chiller replacement"), std::string::npos) << topics;
  EXPECT_EQ(topics.find("storage migration"), std::string::npos) << topics;
}

// `extract` opens no state store: rarity comes from the meetings it is given.
TEST(E2eTopics, ExtractAloneKnowsOnlyTheMeetingItReads) {
  TempDir tmp;
  fs::path vault = tmp.path() / "vault";
  fs::create_directories(vault / "Meetings");
  write_customer(vault, "Acme");
  write_meeting(vault, "2026-01-20 Acme plant visit", "Acme",
                "- The storage migration is on track.\n- The cooling retrofit starts in spring.\n"
                "- We walked through the storage migration.\n- The cooling retrofit needs a crane.\n");
  Output o = run_dossier(
      {"extract", (vault / "Meetings/2026-01-20 Acme plant visit.md").string(), "--vault", vault.string()},
      {kTopicsToday});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  std::string out = casefold(o.out);
  EXPECT_NE(out.find("storage migration"), std::string::npos) << o.out;
  EXPECT_NE(out.find("cooling retrofit"), std::string::npos) << o.out;
}

}  // namespace
