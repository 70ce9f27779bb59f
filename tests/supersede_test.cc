#include "pipeline/supersede.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "pipeline/merge.h"
#include "tests/merge_test_util.h"

namespace dossier {
namespace {

using namespace merge_test;

std::optional<size_t> supersedes(const std::string& fresh, const std::string& old) {
  return superseded_line(fresh, {"- " + old + " ([[2025-11-02 Sync]])"}, "2025-12-01 Review", "2025-12-01");
}

TEST(Supersede, NewValueForTheSameThing) {
  EXPECT_TRUE(supersedes("footprint is now 200 PB", "Current footprint is 120 PB"));
  EXPECT_TRUE(supersedes("Renewal moved to June", "Renewal in March"));
  EXPECT_TRUE(supersedes("Rollout is live", "Rollout in pilot"));
  EXPECT_TRUE(supersedes("Cutover pushed to 2027", "Cutover in 2026"));
}

TEST(Supersede, NeverWhenTheValuesDescribeDifferentThings) {
  EXPECT_FALSE(supersedes("Porto site has 200 PB", "Lisbon site has 120 PB"));
  EXPECT_FALSE(supersedes("5 engineers on the data team", "3 engineers on the infra team"));
  EXPECT_FALSE(supersedes("2027 budget is 3M", "2026 budget is 2M"));
  EXPECT_FALSE(supersedes("Footprint is 200 TB", "Footprint is 120 PB"));            // another unit
  EXPECT_FALSE(supersedes("Footprint is 120 PB", "Footprint is 120 PB"));            // the same value
  EXPECT_FALSE(supersedes("Footprint 200 PB across 4 sites", "Footprint 120 PB"));   // another shape
  EXPECT_FALSE(supersedes("Runs Kubernetes on bare metal", "Runs 3 data centres"));  // no value
  EXPECT_FALSE(supersedes("GPU count is 512", "Current footprint is 120 PB"));
}

TEST(Supersede, AmbiguousOrSameMeetingOrNewerLineIsLeftAlone) {
  std::vector<std::string> two = {"- Footprint is 120 PB ([[2025-11-02 Sync]])",
                                  "- Footprint is 150 PB ([[2025-11-20 Call]])"};
  EXPECT_FALSE(superseded_line("Footprint is 200 PB", two, "2025-12-01 Review", "2025-12-01"));
  std::vector<std::string> same = {"- Footprint is 120 PB ([[2025-12-01 Review]])"};
  EXPECT_FALSE(superseded_line("Footprint is 200 PB", same, "2025-12-01 Review", "2025-12-01"));
  std::vector<std::string> newer = {"- Footprint is 120 PB ([[2026-01-05 QBR]])"};
  EXPECT_FALSE(superseded_line("Footprint is 200 PB", newer, "2025-12-01 Review", "2025-12-01"));
  std::vector<std::string> struck = {"- ~~Footprint is 120 PB ([[2025-11-02 Sync]])~~ (superseded x)"};
  EXPECT_FALSE(superseded_line("Footprint is 200 PB", struck, "2025-12-01 Review", "2025-12-01"));
}

const char kSupersedeNote[] = R"(---
type: customer
---

# Northwind

## Key Facts

- Current footprint is 120 PB ([[2025-11-02 Sync]])
- Runs two data centres ([[2025-11-02 Sync]])

## Recent Context

)";

TEST(Supersede, MergeStrikesTheOlderLineAndPutsTheNewOneAfterIt) {
  NoteMemory memory;
  memory.own_lines = {"- Current footprint is 120 PB ([[2025-11-02 Sync]])",
                      "- Runs two data centres ([[2025-11-02 Sync]])"};
  Meeting m = make_meeting("2026-02-03 QBR", "2026-02-03");
  Merged first = merged(kSupersedeNote, {at(m, {make_item(ItemKind::fact, "Footprint now 200 PB")})}, memory);
  EXPECT_NE(first.text.find("## Key Facts\n\n"
                            "- ~~Current footprint is 120 PB ([[2025-11-02 Sync]])~~ (superseded 2026-02-03 "
                            "[[2026-02-03 QBR]])\n"
                            "- Footprint now 200 PB ([[2026-02-03 QBR]])\n"
                            "- Runs two data centres ([[2025-11-02 Sync]])\n"),
            std::string::npos)
      << first.text;
  Merged second = merged(first.text, {at(m, {make_item(ItemKind::fact, "Footprint now 200 PB")})}, memory);
  EXPECT_EQ(second.text, first.text);
}

TEST(Supersede, UserLineIsNeverStruck) {
  NoteMemory memory;  // the user wrote the 120 PB line
  Meeting m = make_meeting("2026-02-03 QBR", "2026-02-03");
  Merged out = merged(kSupersedeNote, {at(m, {make_item(ItemKind::fact, "Footprint now 200 PB")})}, memory);
  EXPECT_EQ(out.text.find("~~"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("- Current footprint is 120 PB ([[2025-11-02 Sync]])\n"), std::string::npos);
}

// The index decides as superseded_line() over every line does, on generated
// sections over few words, as lines are added and struck.
std::string random_fact(std::mt19937& random) {
  static const char* words[] = {"footprint", "site", "budget", "Lisbon",    "Porto", "is",   "now",
                                "120",       "200",  "PB",     "TB",        "2026",  "2027", "June",
                                "March",     "live", "pilot",  "engineers", "team",  "data"};
  std::string line = "- ";
  for (size_t i = 0, n = 1 + random() % 8; i < n; ++i)
    line += std::string(i ? " " : "") + words[random() % 20];
  static const char* meetings[] = {" ([[2025-11-02 Sync]])", " ([[2025-12-01 Review]])",
                                   " ([[2026-03-01 Later]])"};
  return line + meetings[random() % 3];
}

TEST(SupersedeIndex, AgreesWithAScanOfEveryLine) {
  std::mt19937 random(7);
  SupersedeIndex index;
  std::vector<std::string> lines;
  for (size_t i = 0; i < 600; ++i) {
    std::string fresh = random_fact(random);
    std::optional<size_t> scanned = superseded_line(fresh, lines, "2025-12-01 Review", "2025-12-01");
    ASSERT_EQ(index.find(fresh, "2025-12-01 Review", "2025-12-01"), scanned) << fresh;
    if (scanned) {  // struck, as a merge does
      lines[*scanned] = "- ~~" + lines[*scanned].substr(2) + "~~";
      index.set(*scanned, lines[*scanned]);
    }
    lines.push_back(fresh);
    index.set(lines.size() - 1, fresh);
  }
}

// A long section over few words: each new value is compared with the few
// lines whose subject may agree, not with every line. (Subjects of up to
// seven words, as facts have; longer ones go by their rarer words.)
TEST(SupersedeIndex, LongSectionLookupsCompareFewLines) {
  static const char* words[] = {"alpha",   "beta", "gamma", "delta",  "epsilon", "zeta",   "eta",
                                "theta",   "iota", "kappa", "lambda", "mu",      "nu",     "xi",
                                "omicron", "pi",   "rho",   "sigma",  "tau",     "upsilon"};
  std::mt19937 random(5);
  auto line = [&](size_t i) {
    std::string s = "- Acme";
    for (int k = 0; k < 5; ++k) s += std::string(" ") + words[random() % 20];
    return s + " " + std::to_string(i) + " PB";
  };
  SupersedeIndex index;
  constexpr size_t kLines = 5000, kItems = 500;
  for (size_t i = 0; i < kLines; ++i) index.set(i, line(i));
  for (size_t i = 0; i < kItems; ++i) index.find(line(kLines + i), "2026-01-06 Facts", "2026-01-06");
  EXPECT_LT(index.comparisons(), kItems * kLines / 50);  // a scan: kItems * kLines
}

}  // namespace
}  // namespace dossier
