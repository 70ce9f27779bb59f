// Decisions and action items found in conversation, not only in one sentence:
// a proposal someone agrees to, the chair summing up near the end, work handed
// out for next time. A small linear scorer over features of each sentence of
// a transcript: cue phrases (data, templates/dialogue.yaml), where the turn
// sits in the meeting, who speaks (the chair: the speaker with most words),
// and how the next speaker answers. Its weights are learned offline by
// bench/dialogue/train.py and kept, readable, in the same YAML file.
#pragma once
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "extractors/segment.h"
#include "vault/item.h"

namespace re2 {
class RE2;
}

namespace dossier {

struct DialogueKindModel {
  std::map<std::string, double> weights;  // feature name -> weight ("bias" included)
  double threshold = 0;                   // lowest score that makes an item
  int turns_per_item = 40;                // at most one item per this many turns (at least one)
};

struct DialogueModel {
  std::vector<std::pair<std::string, std::shared_ptr<const re2::RE2>>> cues;  // name -> pattern
  std::shared_ptr<const re2::RE2> agreement;                                  // an answer that agrees
  // Function and discourse words ("we", "will", "so", "next"): each one a
  // sentence has is a feature "w_<word>". Closed-class words only, never a
  // subject's vocabulary.
  std::vector<std::string> words;
  // Other words that carry no subject (with `words`): the rest of the words
  // of four letters or more are content words, whose repetition later in
  // the meeting (a point taken up again, summed up at the end) is a feature.
  std::unordered_set<std::string> stopwords;
  DialogueKindModel decision, next_step;
  int min_turns = 8;  // shorter exchanges are left to the cue rules
};

// Parses a dialogue model (format of templates/dialogue.yaml). Throws
// ConfigError(file, line, message) on bad YAML or a pattern RE2 rejects.
DialogueModel parse_dialogue_model(std::string_view yaml, const std::string& file);
// The built-in model (templates/dialogue.yaml).
std::shared_ptr<const DialogueModel> builtin_dialogue_model();

// One sentence of a transcript turn with its features.
struct DialogueSentence {
  size_t block = 0;           // index into the blocks
  size_t begin = 0, end = 0;  // byte range in the block's text
  int line = 0;
  std::string text;  // cleaned (speech.h)
  std::map<std::string, double> features;
};

// The sentences of the turn blocks and their features (empty when the
// meeting has fewer than model.min_turns turns).
std::vector<DialogueSentence> dialogue_sentences(const std::vector<Block>& blocks,
                                                 const DialogueModel& model);

double dialogue_score(const DialogueKindModel& model, const DialogueSentence& sentence);

struct DialoguePick {
  size_t sentence = 0;  // index into dialogue_sentences()
  ItemKind kind = ItemKind::decision;
  double score = 0;
};
// The decisions and next steps the scorer finds: per kind, the best sentence
// of each turn (of five words or more) scoring at least the threshold, the best ones only, one per
// `turns_per_item` turns. Sentences on `claimed` lines (another kind of item
// is there already) are never picked, and leave the place to the next best.
std::vector<DialoguePick> pick_dialogue_items(const std::vector<DialogueSentence>& sentences, size_t turns,
                                              const DialogueModel& model, const std::set<int>& claimed = {});

}  // namespace dossier
