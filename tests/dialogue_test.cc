// The dialogue scorer: features of a conversation and the picks they give.
#include "extractors/dialogue.h"

#include <gtest/gtest.h>

#include <set>

#include "util/error.h"
#include "vault/transcript.h"

namespace dossier {
namespace {

std::vector<Block> blocks_of(std::string_view text) {
  std::optional<Transcript> t = read_transcript(text, 1);
  EXPECT_TRUE(t);
  return turn_blocks(*t);
}

const char* kModel = R"(
min_turns: 3
agreement: '(?i)^\W*(?:yeah|yes|sure|okay)\b'
cues:
  proposal: '(?i)\b(?:shall we|should we|let''s)\b'
  you_will: '(?i)\byou(?:''ll| will)\b'
decision: {threshold: 1.0, turns_per_item: 2, weights: {bias: -1, proposal_agreed: 3}}
next_step: {threshold: 1.0, turns_per_item: 10, weights: {bias: -1, you_will: 2.5, late: 1}}
)";

TEST(Dialogue, AProposalTheNextSpeakerAgreesToIsADecision) {
  DialogueModel model = parse_dialogue_model(kModel, "test.yaml");
  std::vector<Block> blocks = blocks_of(
      "Ana Ruiz: Shall we keep two weeks of logs on flash and tier the rest?\n"
      "Ben Okoro: Yeah, that works for us.\n"
      "Ana Ruiz: Good. Ben, you'll send the log schema before the next call.\n"
      "Ben Okoro: Will do.\n");
  std::vector<DialogueSentence> s = dialogue_sentences(blocks, model);
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0].features.at("proposal_agreed"), 1);
  EXPECT_EQ(s[0].features.at("chair"), 1);  // Ana says the most
  std::vector<DialoguePick> picks = pick_dialogue_items(s, 4, model);
  ASSERT_EQ(picks.size(), 2u);
  EXPECT_EQ(picks[0].kind, ItemKind::decision);
  EXPECT_EQ(s[picks[0].sentence].line, 1);
  EXPECT_EQ(picks[1].kind, ItemKind::next_step);
  EXPECT_EQ(s[picks[1].sentence].text, "Ben, you'll send the log schema before the next call.");
}

TEST(Dialogue, FunctionWordsTurnCuesAndPointsTakenUpAgainAreFeatures) {
  DialogueModel model =
      parse_dialogue_model(std::string(kModel) + "words: [we, next]\nstopwords: [that]\n", "test.yaml");
  std::vector<Block> blocks = blocks_of(
      "Ana Ruiz: The archive tier keeps cold copies. Shall we?\n"
      "Ben Okoro: Yeah, the archive tier works.\n"
      "Ana Ruiz: Next item.\n"
      "Ben Okoro: Fine.\n"
      "Ana Ruiz: So we keep the archive tier.\n");
  std::vector<DialogueSentence> s = dialogue_sentences(blocks, model);
  ASSERT_GE(s.size(), 5u);
  const auto& first = s[0].features;  // "The archive tier keeps cold copies."
  EXPECT_EQ(first.count("w_we"), 0u);
  EXPECT_EQ(first.at("proposal"), 0);
  EXPECT_EQ(first.at("t_proposal"), 1);  // the turn's next sentence proposes
  EXPECT_GT(first.at("echo_next"), 0);   // Ben takes "archive" up
  EXPECT_GT(first.at("echo_end"), 0);    // and Ana sums it up at the end
  EXPECT_EQ(s.back().features.at("w_we"), 1);
  EXPECT_EQ(s.back().features.at("last30"), 1);
  EXPECT_GT(s.back().features.at("log_words"), 0);
}

TEST(Dialogue, AClaimedLineLeavesItsPlaceToTheNextBest) {
  DialogueModel model = parse_dialogue_model(kModel, "test.yaml");
  std::vector<Block> blocks = blocks_of(
      "Ana Ruiz: Shall we keep two weeks of logs on flash and tier the rest?\n"
      "Ben Okoro: Yeah, that works for us.\n"
      "Ana Ruiz: Shall we move the nightly job to Sunday for the whole team?\n"
      "Ben Okoro: Yes, do that.\n");
  std::vector<DialogueSentence> s = dialogue_sentences(blocks, model);
  auto decisions = [&](const std::set<int>& claimed) {
    std::vector<int> lines;
    // Two turns' worth: room for one decision.
    for (const DialoguePick& p : pick_dialogue_items(s, 2, model, claimed))
      if (p.kind == ItemKind::decision) lines.push_back(s[p.sentence].line);
    return lines;
  };
  EXPECT_EQ(decisions({}), (std::vector<int>{1}));
  EXPECT_EQ(decisions({1}), (std::vector<int>{3}));
}

TEST(Dialogue, ShortExchangesAreLeftToTheCueRules) {
  DialogueModel model = parse_dialogue_model(kModel, "test.yaml");
  EXPECT_TRUE(dialogue_sentences(blocks_of("Ana Ruiz: Shall we?\nBen Okoro: Yes.\n"), model).empty());
}

TEST(Dialogue, TheBuiltInModelLoads) {
  std::shared_ptr<const DialogueModel> m = builtin_dialogue_model();
  EXPECT_FALSE(m->cues.empty());
  EXPECT_FALSE(m->decision.weights.empty());
  EXPECT_FALSE(m->next_step.weights.empty());
}

TEST(Dialogue, ABadPatternNamesItsLine) {
  try {
    parse_dialogue_model("cues:\n  bad: '(['\n", "x.yaml");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("x.yaml:2"), std::string::npos) << e.what();
  }
}

TEST(Dialogue, ASyntaxErrorNamesItsLineInYamlsOwnWords) {
  try {
    parse_dialogue_model("cues: [\n", "x.yaml");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.line(), 2) << e.what();
    EXPECT_EQ(e.message().find("invalid YAML"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dossier
