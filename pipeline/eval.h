// Extraction quality against a gold file: runs an extractor over the gold
// file's meetings and scores what it finds. `dossier eval` and the project's
// own quality tests (tests/quality_test.cc) both use this.
//
// An extracted item matches a gold item when the kind is equal, the place is
// equal (the same meeting line, or, for a gold item without `line`, the item
// contains the gold `text` as a phrase) and the customer is equal (both none
// counts as equal). Each gold item matches at most one extracted item.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/gold.h"
#include "util/error.h"
#include "vault/config.h"
#include "vault/item.h"

namespace dossier {

struct Score {
  int extracted = 0;  // items the extractor produced
  int gold = 0;       // items the gold file expects
  int matched = 0;
  double precision() const { return extracted ? double(matched) / extracted : 1.0; }
  double recall() const { return gold ? double(matched) / gold : 1.0; }
  Score& operator+=(const Score& o);
};

using KindScores = std::map<std::string, Score>;  // kind name -> score

// One item in a report. `path:line` is the meeting line, or for a gold item
// matched by phrase only, the item's line in the gold file.
struct EvalItem {
  std::string path;
  int line = 0;
  std::string meeting;  // the meeting it is about (= path unless path is the gold file)
  ItemKind kind = ItemKind::fact;
  std::optional<std::string> customer;
  std::string text;
};

// Kind and place right, customer wrong. Counted in neither misses nor extras
// (but it lowers precision and recall like one of each).
struct AttributionError {
  EvalItem item;                        // as extracted
  std::optional<std::string> expected;  // the gold customer
};

struct MustNotViolation {
  EvalItem item;  // the extracted item (any kind) attributed to a customer and holding the phrase
  std::string phrase;
};

struct EvalReport {
  std::string extractor;  // "rules", "llm" or "hybrid"
  int meetings = 0;       // meetings scored
  Score overall;          // over the scored kinds
  KindScores by_kind;
  std::map<std::string, KindScores> by_format;  // gold `format` -> kind -> score
  std::vector<AttributionError> attribution_errors;
  std::vector<MustNotViolation> must_not_violations;
  std::vector<EvalItem> misses;  // expected, not extracted
  std::vector<EvalItem> extras;  // extracted, not expected
  std::vector<Failure> errors;   // those meetings are not scored
};

struct EvalOptions {
  std::filesystem::path vault;  // the gold file's meeting paths are relative to it
  Config config;                // its `extractor` is the one scored
  // Kinds that are scored. Empty: decision, fact, opportunity, next_step and
  // blocker, plus any other kind the gold file labels at least once.
  std::vector<ItemKind> kinds;
};

// Extracts the gold file's meetings from the vault and scores them.
// Throws ConfigError for bad rule files or config (as a run would).
EvalReport evaluate(const Gold& gold, const EvalOptions& options);

// Scores one meeting's extracted items into `report` (what evaluate() does
// per meeting; `kinds` as resolved by scored_kinds()).
void score_meeting(const GoldMeeting& gold, const std::vector<Item>& items,
                   const std::vector<ItemKind>& kinds, EvalReport& report);

// The kinds evaluate() scores for `gold` when `requested` is empty, else `requested`.
std::vector<ItemKind> scored_kinds(const Gold& gold, const std::vector<ItemKind>& requested);

}  // namespace dossier
