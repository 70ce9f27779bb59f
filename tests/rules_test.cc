#include "extractors/rules.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "util/error.h"
#include "vault/templates.h"

namespace dossier {
namespace {

const RuleSet& builtin() {
  static const RuleSet rules = builtin_rules();
  return rules;
}

std::optional<ItemKind> cue_kind(std::string_view s) {
  auto cue = match_cue(builtin(), s);
  return cue ? std::optional<ItemKind>(cue->kind) : std::nullopt;
}

TEST(RulesBuiltin, HeadingsMapToKinds) {
  EXPECT_EQ(heading_kind(builtin(), "Decisions"), ItemKind::decision);
  EXPECT_EQ(heading_kind(builtin(), "✅ Key Decisions:"), ItemKind::decision);
  EXPECT_EQ(heading_kind(builtin(), "next steps"), ItemKind::next_step);
  EXPECT_EQ(heading_kind(builtin(), "Action Items (owners)"), ItemKind::next_step);
  EXPECT_EQ(heading_kind(builtin(), "Risks"), ItemKind::blocker);
  EXPECT_EQ(heading_kind(builtin(), "Topics / Themes"), ItemKind::topic);
  EXPECT_EQ(heading_kind(builtin(), "TL;DR"), ItemKind::summary);
  EXPECT_EQ(heading_kind(builtin(), "Notes"), ItemKind::fact);
  EXPECT_EQ(heading_kind(builtin(), "Meeting with Tidewater Bank"), std::nullopt);
  EXPECT_EQ(heading_kind(builtin(), "Decisionsmaking"), std::nullopt);  // whole words only
}

TEST(RulesBuiltin, MarkersMatchAtTheStartAndCoverTheMarker) {
  auto m = match_marker(builtin(), "**Decision:** go with X");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, ItemKind::decision);
  EXPECT_EQ(std::string_view("**Decision:** go with X").substr(m->length), "go with X");
  EXPECT_EQ(match_marker(builtin(), "✅ Go with 2 PB")->kind, ItemKind::decision);
  EXPECT_EQ(match_marker(builtin(), "TODO ask Dana")->kind, ItemKind::next_step);
  EXPECT_EQ(match_marker(builtin(), "Action: send it")->kind, ItemKind::next_step);
  EXPECT_EQ(match_marker(builtin(), "Signal: Ken hinted")->kind, ItemKind::opportunity);
  EXPECT_EQ(match_marker(builtin(), "Risk - thin capacity")->kind, ItemKind::blocker);
  EXPECT_EQ(match_marker(builtin(), "Fact: 18 TB")->kind, ItemKind::fact);
  EXPECT_FALSE(match_marker(builtin(), "We made a decision: none"));  // not at the start
  EXPECT_FALSE(match_marker(builtin(), "Decisionmaking is slow"));
}

TEST(RulesBuiltin, CuesFindParaphrasedDecisionsAndCommitments) {
  EXPECT_EQ(cue_kind("So we're going to go ahead with the object tier."), ItemKind::decision);
  EXPECT_EQ(cue_kind("On the network side, let's go with dual 200G."), ItemKind::decision);
  EXPECT_EQ(cue_kind("We agreed to hold pricing until March."), ItemKind::decision);
  EXPECT_EQ(cue_kind("I'll send the tuning guide today."), ItemKind::next_step);
  EXPECT_EQ(cue_kind("Ravi will follow up with logistics."), ItemKind::next_step);
  EXPECT_EQ(cue_kind("They're planning to open a Phoenix region."), ItemKind::opportunity);
  EXPECT_EQ(cue_kind("We're still waiting on security."), ItemKind::blocker);
  EXPECT_EQ(cue_kind("Cold starts are not a problem for them."), std::nullopt);
  EXPECT_EQ(cue_kind("The weather was nice."), std::nullopt);
}

TEST(RulesBuiltin, EarliestCueWinsButFactsAreWeakest) {
  auto cue = match_cue(builtin(), "We decided that Ken will send the plan.");
  ASSERT_TRUE(cue);
  EXPECT_EQ(cue->kind, ItemKind::decision);
  EXPECT_EQ(cue->begin, 0u);
  // "5 GB" is a fact cue earlier in the sentence; the blocker cue still wins.
  EXPECT_EQ(cue_kind("It chokes on files over 5 GB, we're waiting on a fix."), ItemKind::blocker);
}

TEST(RulesBuiltin, Hedges) {
  EXPECT_TRUE(is_hedged(builtin(), "We could maybe move the metadata nodes later."));
  EXPECT_TRUE(is_hedged(builtin(), "Should we consider a joint architecture?"));
  EXPECT_TRUE(is_hedged(builtin(), "What if we split the order"));
  EXPECT_TRUE(is_hedged(builtin(), "It might slip"));
  EXPECT_FALSE(is_hedged(builtin(), "We agreed to hold pricing until March."));
}

TEST(RulesParse, UserRulesExtendTheBuiltInOnes) {
  RuleSet rules = parse_rules(builtin_template("rules/default.yaml").value(), "default.yaml");
  merge_rules(rules, parse_rules("headings: {decision: [Beschlüsse]}\n"
                                 "cues:\n  - {kind: opportunity, pattern: '(?i)\\bausschreibung\\b'}\n",
                                 "mine.yaml"));
  compile_rules(rules);
  EXPECT_EQ(heading_kind(rules, "Beschlüsse"), ItemKind::decision);
  EXPECT_EQ(match_cue(rules, "Eine Ausschreibung kommt")->kind, ItemKind::opportunity);
  EXPECT_EQ(match_cue(rules, "I'll send it")->kind, ItemKind::next_step);  // built-ins still there
}

void expect_config_error(std::string_view yaml, int line, std::string_view needle) {
  try {
    RuleSet rules = parse_rules(yaml, "rules/mine.yaml");
    compile_rules(rules);
    ADD_FAILURE() << "no error for " << yaml;
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.path(), "rules/mine.yaml");
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(RulesParse, ErrorsNameFileAndLine) {
  expect_config_error(
      "cues:\n  - {kind: decision, pattern: 'ok'}\n  - {kind: decision, pattern: '(unclosed'}\n", 3,
      "bad pattern");
  expect_config_error("hedges:\n  - 'fine'\n  - '[z-a]'\n", 3, "bad pattern");
  expect_config_error("headings: {}\nmarkerz: []\n", 2, "unknown key 'markerz'");
  expect_config_error("markers:\n  - {kind: verdict, pattern: 'x'}\n", 2, "unknown kind 'verdict'");
  expect_config_error("cues:\n  - {kind: decision}\n", 2, "needs both");
  expect_config_error("cues: [\n", 2, "invalid YAML");
  expect_config_error("language:\n  stopwords:\n    - the\n    - [a]\n", 4, "a stopword must be a string");
  expect_config_error("language:\n  common:\n    - {a: b}\n", 3, "a common word must be a string");
}

TEST(RulesParse, LanguageWordsAreCaseFolded) {
  RuleSet rules =
      parse_rules("language:\n  code: de\n  stopwords: [Der, DIE]\n  common: [\u00C4rger]\n", "de.yaml");
  EXPECT_EQ(rules.language, "de");
  EXPECT_EQ(rules.stopwords, (std::vector<std::string>{"der", "die"}));
  EXPECT_EQ(rules.common_words, (std::vector<std::string>{"\u00E4rger"}));
}

TEST(RulesParse, EveryErrorOfAFileIsReportedNotOnlyOne) {
  try {
    parse_rules(
        "cues:\n  - {kind: decision, pattern: '(unclosed'}\n  - {kind: verdict, pattern: 'x'}\n"
        "hedges:\n  - '[z-a]'\n",
        "rules/mine.yaml");
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("rules/mine.yaml:2: bad pattern"), std::string::npos) << what;
    EXPECT_NE(what.find("rules/mine.yaml:3: unknown kind 'verdict'"), std::string::npos) << what;
    EXPECT_NE(what.find("rules/mine.yaml:5: bad pattern '[z-a]'"), std::string::npos) << what;
  }
}

// A rule file that cannot be read is named at line 1 (never 0), with why.
TEST(RulesLoad, AnUnreadableRuleFileSaysWhyAtLineOne) {
  std::filesystem::path vault =
      std::filesystem::temp_directory_path() / ("dossier-rules-" + std::to_string(::getpid()));
  std::filesystem::create_directories(vault / "nope.yaml");
  Config config;
  config.rules = {"nope.yaml"};
  try {
    load_rules(config, vault);
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.line(), 1);
    EXPECT_EQ(std::string(e.what()).rfind(
                  (vault / "nope.yaml").string() + ":1: cannot read the rules file: is a directory", 0),
              0u)
        << e.what();
  }
  std::filesystem::remove_all(vault);
}

TEST(RulesLoad, AMissingRuleFileIsNamedWithItsFullPathAndALine) {
  Config config;
  config.rules = {"rules/missing.yaml"};
  try {
    load_rules(config, "/some/vault");
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/some/vault/rules/missing.yaml:1: cannot read the rules file", 0),
              0u)
        << e.what();
  }
}

TEST(RulesLoad, ReadsUserRuleFilesFromTheVault) {
  const char* tmp = std::getenv("DOSSIER_TEST_TMP");
  std::filesystem::path root =
      std::filesystem::path(tmp ? tmp : std::filesystem::temp_directory_path().string()) / "rules_test_vault";
  std::filesystem::create_directories(root / "rules");
  std::ofstream(root / "rules/extra.yaml") << "markers:\n  - {kind: blocker, pattern: '^BLOCK\\s*'}\n";
  Config config;
  config.rules = {"rules/extra.yaml"};
  RuleSet rules = load_rules(config, root);
  EXPECT_EQ(match_marker(rules, "BLOCK no power")->kind, ItemKind::blocker);
  config.rules = {"rules/missing.yaml"};
  EXPECT_THROW(load_rules(config, root), ConfigError);
  std::filesystem::remove_all(root);
}

TEST(RulesLoad, WithoutRuleFilesTheLoadedSetIsTheBuiltInOne) {
  RuleSet loaded = load_rules(Config{}, "/some/vault");
  const RuleSet builtin = builtin_rules();
  EXPECT_EQ(loaded.headings.size(), builtin.headings.size());
  EXPECT_EQ(loaded.markers.size(), builtin.markers.size());
  EXPECT_EQ(loaded.cues.size(), builtin.cues.size());
  ASSERT_EQ(loaded.languages.size(), builtin.languages.size());
  for (size_t i = 0; i < loaded.languages.size(); ++i)
    EXPECT_EQ(loaded.languages[i].code, builtin.languages[i].code);
  EXPECT_TRUE(loaded.dialogue && builtin.dialogue);
  EXPECT_TRUE(loaded.noise && builtin.noise);
  EXPECT_EQ(match_cue(loaded, "I'll send it")->kind, ItemKind::next_step);
}

}  // namespace
}  // namespace dossier
