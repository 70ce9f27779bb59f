// The scorer behind `dossier eval` and the quality tests: gold files in,
// precision, recall, attribution errors and must-not violations out. Each
// test shows the score can fail, not only pass.
#include <gtest/gtest.h>

#include "pipeline/eval.h"
#include "pipeline/gold.h"
#include "tests/test_util.h"
#include "util/error.h"

namespace dossier {
namespace {

const char kGold[] = R"(# two meetings
"Meetings/2026-01-05 Acme sync.md":
  format: structured
  customers: [Acme]
  items:
    - {kind: decision, line: 9, customer: Acme, text: "Acme starts with a 2 PB tier"}
    - {kind: next_step, line: 10, customer: Acme, text: "Sam sends the quote"}
    - {kind: blocker, customer: null, text: "power in the new hall"}
  must_not: ["thanks everyone"]
"Meetings/call.vtt":
  items: []
)";

Item item(ItemKind kind, int line, std::optional<std::string> customer, std::string text) {
  Item i;
  i.kind = kind;
  i.line = line;
  i.customer = std::move(customer);
  i.text = std::move(text);
  return i;
}

// What a perfect extractor finds in the first meeting.
std::vector<Item> perfect() {
  return {item(ItemKind::decision, 9, "Acme", "Acme will start with a 2 PB tier in Dallas."),
          item(ItemKind::next_step, 10, "Acme", "Sam sends the quote to Acme by Friday."),
          item(ItemKind::blocker, 11, std::nullopt, "Waiting on Power in the new hall!"),
          item(ItemKind::summary, 1, "Acme", "Acme sync on the 2 PB tier")};
}

EvalReport score(const std::vector<Item>& items) {
  Gold gold = parse_gold("gold.yaml", kGold);
  EvalReport r;
  score_meeting(gold.meetings[0], items, scored_kinds(gold, {}), r);
  return r;
}

TEST(GoldFile, ReadsMeetingsItemsAndDefaults) {
  Gold gold = parse_gold("gold.yaml", kGold);
  ASSERT_EQ(gold.meetings.size(), 2u);
  const GoldMeeting& m = gold.meetings[0];
  EXPECT_EQ(m.path, "Meetings/2026-01-05 Acme sync.md");
  EXPECT_EQ(m.gold_line, 2);
  ASSERT_EQ(m.items.size(), 3u);
  EXPECT_EQ(m.items[0].kind, ItemKind::decision);
  EXPECT_EQ(m.items[0].line, 9);
  EXPECT_EQ(m.items[0].customer, "Acme");
  EXPECT_EQ(m.items[2].line, 0);
  EXPECT_EQ(m.items[2].customer, std::nullopt);
  EXPECT_EQ(m.items[2].gold_line, 8);
  EXPECT_EQ(m.must_not, std::vector<std::string>{"thanks everyone"});
  EXPECT_EQ(gold.meetings[1].format, "vtt");  // from the extension when not given
}

TEST(GoldFile, ErrorsNameTheGoldFileLine) {
  auto error_of = [](const std::string& yaml) {
    try {
      parse_gold("g.yaml", yaml);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(
      error_of("m.md:\n  items:\n    - {kind: decisoin, line: 3, customer: null}\n"),
      "g.yaml:3: unknown kind 'decisoin' (decision, fact, opportunity, next_step, blocker, contact, topic, "
      "summary)");
  EXPECT_EQ(error_of("m.md:\n  items:\n    - {kind: fact, customer: X}\n"),
            "g.yaml:3: the item needs a 'line' or a 'text' (a key phrase of the expected item)");
  EXPECT_EQ(error_of("m.md:\n  items:\n    - {kind: fact, line: 2}\n"),
            "g.yaml:3: the item has no 'customer' (a customer name, or null for none)");
  EXPECT_EQ(error_of("m.md:\n  itmes: []\n"),
            "g.yaml:2: unknown key 'itmes' in a meeting (known: customers, date, format, held_by, items, "
            "must_not)");
  EXPECT_EQ(error_of("m.md:\n  items:\n    - {kind: fact, line: two, customer: X}\n"),
            "g.yaml:3: 'line' must be a positive line number");
  EXPECT_EQ(error_of("m.md:\n  customers: {a: b}\n"), "g.yaml:2: 'customers' must be a list of strings");
  EXPECT_EQ(error_of("m.md:\n  must_not: [[x]]\n"), "g.yaml:2: 'must_not' must be a string");
  EXPECT_EQ(error_of("m.md:\n  must_not: hello\n  customers:\n"), "no error");
  EXPECT_EQ(error_of("m.md: [unclosed\n").rfind("g.yaml:2: ", 0), 0u);
  EXPECT_EQ(error_of("m.md: [unclosed\n").find("invalid YAML"), std::string::npos);
  EXPECT_EQ(error_of("m.md:\n  items: []\nn.md:\n  items: []\nm.md:\n  items: []\n"),
            "g.yaml:5: the meeting 'm.md' is listed twice");
}

TEST(Eval, APerfectExtractionScoresOne) {
  EvalReport r = score(perfect());
  EXPECT_EQ(r.overall.extracted, 3);  // the summary is not a labelled kind
  EXPECT_EQ(r.overall.gold, 3);
  EXPECT_EQ(r.overall.matched, 3);
  EXPECT_EQ(r.by_kind["blocker"].matched, 1);  // matched by its key phrase
  EXPECT_EQ(r.by_format["structured"]["decision"].matched, 1);
  EXPECT_TRUE(r.misses.empty());
  EXPECT_TRUE(r.extras.empty());
  EXPECT_TRUE(r.attribution_errors.empty());
  EXPECT_TRUE(r.must_not_violations.empty());
}

TEST(Eval, AWrongItemLowersPrecision) {
  std::vector<Item> items = perfect();
  items.push_back(item(ItemKind::decision, 12, "Acme", "We could maybe try tape"));
  EvalReport r = score(items);
  EXPECT_DOUBLE_EQ(r.by_kind["decision"].precision(), 0.5);
  EXPECT_DOUBLE_EQ(r.by_kind["decision"].recall(), 1.0);
  EXPECT_DOUBLE_EQ(r.overall.precision(), 0.75);
  ASSERT_EQ(r.extras.size(), 1u);
  EXPECT_EQ(r.extras[0].path, "Meetings/2026-01-05 Acme sync.md");
  EXPECT_EQ(r.extras[0].line, 12);
}

TEST(Eval, AMissingItemLowersRecall) {
  std::vector<Item> items = perfect();
  items.erase(items.begin() + 1);                      // the next step at line 10
  items[1].text = "Waiting on power in the old hall";  // no longer holds the key phrase
  EvalReport r = score(items);
  EXPECT_DOUBLE_EQ(r.by_kind["next_step"].recall(), 0.0);
  EXPECT_DOUBLE_EQ(r.by_kind["blocker"].recall(), 0.0);
  EXPECT_DOUBLE_EQ(r.by_kind["blocker"].precision(), 0.0);
  EXPECT_NEAR(r.overall.recall(), 1.0 / 3, 1e-9);
  ASSERT_EQ(r.misses.size(), 2u);
  EXPECT_EQ(r.misses[0].path + ":" + std::to_string(r.misses[0].line), "Meetings/2026-01-05 Acme sync.md:10");
  // A gold item matched by phrase only points at its line in the gold file.
  EXPECT_EQ(r.misses[1].path + ":" + std::to_string(r.misses[1].line), "gold.yaml:8");
  EXPECT_EQ(r.misses[1].meeting, "Meetings/2026-01-05 Acme sync.md");
}

TEST(Eval, AWrongKindIsAMissAndAnExtra) {
  std::vector<Item> items = perfect();
  items[0].kind = ItemKind::fact;
  EvalReport r = score(items);
  EXPECT_EQ(r.by_kind["decision"].matched, 0);
  EXPECT_EQ(r.by_kind["fact"].extracted, 1);
  EXPECT_EQ(r.misses.size(), 1u);
  EXPECT_EQ(r.extras.size(), 1u);
}

TEST(Eval, AWrongCustomerIsAnAttributionError) {
  std::vector<Item> items = perfect();
  items[1].customer = "Lambda";
  items[2].customer = "Acme";  // expected: no customer
  EvalReport r = score(items);
  EXPECT_EQ(r.overall.matched, 1);
  ASSERT_EQ(r.attribution_errors.size(), 2u);
  EXPECT_EQ(r.attribution_errors[0].item.customer, "Lambda");
  EXPECT_EQ(r.attribution_errors[0].expected, "Acme");
  EXPECT_EQ(r.attribution_errors[1].expected, std::nullopt);
  EXPECT_TRUE(r.misses.empty());  // reported once, as attribution errors
  EXPECT_TRUE(r.extras.empty());
}

TEST(Eval, AWrongCustomerNeverTakesTheGoldItemOfARightOne) {
  std::vector<Item> items = perfect();
  items.insert(items.begin(), item(ItemKind::decision, 9, "Lambda", "Lambda starts too"));
  EvalReport r = score(items);
  EXPECT_EQ(r.by_kind["decision"].matched, 1);
  EXPECT_EQ(r.extras.size(), 1u);
  EXPECT_TRUE(r.attribution_errors.empty());
}

TEST(Eval, AMustNotPhraseIsCountedInAnyKindThatReachesACustomer) {
  std::vector<Item> items = perfect();
  items.push_back(item(ItemKind::summary, 1, "Acme", "Thanks, everyone, for joining"));
  items.push_back(item(ItemKind::topic, 12, std::nullopt, "thanks everyone (about no customer: allowed)"));
  items.push_back(item(ItemKind::topic, 14, "Acme", "THANKS EVERYONE"));
  EvalReport r = score(items);
  ASSERT_EQ(r.must_not_violations.size(), 2u);
  EXPECT_EQ(r.must_not_violations[0].phrase, "thanks everyone");
  EXPECT_EQ(r.must_not_violations[1].item.line, 14);
  EXPECT_DOUBLE_EQ(r.overall.precision(), 1.0);  // not labelled kinds: no effect on the scores
}

TEST(Eval, KindsTheGoldLabelsAreScored) {
  Gold gold =
      parse_gold("g.yaml", "m.md:\n  items:\n    - {kind: contact, text: Jane Roe, customer: Acme}\n");
  std::vector<ItemKind> kinds = scored_kinds(gold, {});
  EXPECT_EQ(kinds.size(), 6u);
  EXPECT_EQ(kinds.back(), ItemKind::contact);
  EvalReport r;
  score_meeting(gold.meetings[0], {item(ItemKind::contact, 4, "Acme", "Jane Roe (CTO)")}, kinds, r);
  EXPECT_EQ(r.by_kind["contact"].matched, 1);
}

// A meeting or customer note that cannot be read or parsed is not scored:
// each is a Failure at its own line (a meeting that is not there, at its
// entry in the gold file).
TEST(Eval, WhatCannotBeReadIsAFailureNotAScore) {
  testing::TempDir tmp;
  testing::write_text(tmp.path() / "Customers/Broken.md", "---\nstatus: [unclosed\n---\n");
  testing::write_text(tmp.path() / "Meetings/bad.md", "# Bad\n\xff\n");
  Gold gold = parse_gold("g.yaml", "Meetings/missing.md:\n  items: []\nMeetings/bad.md:\n  items: []\n");
  EvalReport r = evaluate(gold, EvalOptions{tmp.path(), Config{}, {}});
  EXPECT_EQ(r.meetings, 0);
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].path, "Customers/Broken.md");
  EXPECT_EQ(r.errors[0].line, 2);
  EXPECT_EQ(r.errors[0].message.rfind("frontmatter is not valid YAML: ", 0), 0u) << r.errors[0].message;
  EXPECT_EQ(r.errors[1].path, "g.yaml");
  EXPECT_EQ(r.errors[1].line, 1);
  EXPECT_EQ(r.errors[1].message, "cannot read the meeting note " +
                                     (tmp.path() / "Meetings/missing.md").string() + ": no such file");
  EXPECT_EQ(r.errors[2].path, "Meetings/bad.md");
  EXPECT_EQ(r.errors[2].line, 2);
  EXPECT_EQ(r.errors[2].message, "invalid UTF-8 (byte 0xFF at column 1)");
}

}  // namespace
}  // namespace dossier
