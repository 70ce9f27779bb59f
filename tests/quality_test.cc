// Quality report of the rules extractor against the human gold labels of
// fixtures/vaults/basic (fixtures/gold/basic.yaml) and fixtures/vaults/field
// (fixtures/gold/field.yaml: notes as people write them, in four languages,
// with contacts, dates and who held each meeting): per-kind precision and
// recall, structured notes and transcripts apart, computed by evaluate()
// (pipeline/eval.h), the same function behind `dossier eval`. Set
// DOSSIER_QUALITY_VERBOSE=1 to list every miss and false alarm.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "extractors/rules_extractor.h"
#include "pipeline/eval.h"
#include "pipeline/gold.h"
#include "util/files.h"
#include "vault/config.h"
#include "vault/meeting.h"
#include "vault/note.h"
#include "vault/vault.h"

namespace dossier {
namespace {

// "structured" for typed notes (daily notes included), "transcript" for transcripts and WebVTT.
std::string group_of(const std::string& format) {
  return format == "transcript" || format == "vtt" ? "transcript" : "structured";
}

void print_items(const char* label, const std::vector<EvalItem>& items) {
  for (const EvalItem& i : items)
    std::printf("  %s %s:%d %s [%s] %s\n", label, i.path.c_str(), i.line,
                std::string(to_string(i.kind)).c_str(), i.customer ? i.customer->c_str() : "null",
                i.text.c_str());
}

// Scores the rules extractor on one fixture vault, prints the table, and
// returns group ("structured", "transcript") -> kind -> score.
std::map<std::string, KindScores> quality(const std::string& vault, const std::string& gold_file) {
  std::filesystem::path root = std::filesystem::path(DOSSIER_SOURCE_DIR) / "fixtures/vaults" / vault;
  Gold gold = load_gold(std::string(DOSSIER_SOURCE_DIR) + "/fixtures/gold/" + gold_file);
  EvalOptions options;
  options.vault = root;
  options.config = load_config((root / "dossier.yaml").string(), true);
  EvalReport report = evaluate(gold, options);
  EXPECT_TRUE(report.errors.empty()) << report.errors.front().text();
  EXPECT_EQ(report.meetings, static_cast<int>(gold.meetings.size()));

  if (std::getenv("DOSSIER_QUALITY_VERBOSE")) {
    print_items("FALSE", report.extras);
    for (const AttributionError& a : report.attribution_errors) print_items("WHO  ", {a.item});
    print_items("MISS ", report.misses);
  }
  std::map<std::string, KindScores> counts;  // group -> kind -> score
  for (const auto& [format, kinds] : report.by_format)
    for (const auto& [kind, score] : kinds) counts[group_of(format)][kind] += score;

  std::printf("\n[%s]\n%-11s %-12s %9s %9s %6s %5s %7s\n", vault.c_str(), "group", "kind", "precision",
              "recall", "pred", "gold", "matched");
  for (const auto& [group, kinds] : counts)
    for (const auto& [kind, c] : kinds)
      std::printf("%-11s %-12s %9.2f %9.2f %6d %5d %7d\n", group.c_str(), kind.c_str(), c.precision(),
                  c.recall(), c.extracted, c.gold, c.matched);
  return counts;
}

TEST(QualityReport, BasicVaultMeetsThePrecisionAndRecallFloors) {
  std::map<std::string, KindScores> counts = quality("basic", "basic.yaml");
  for (const char* kind : {"decision", "next_step", "opportunity"}) {
    const Score& s = counts["structured"][kind];
    EXPECT_GE(s.precision(), 0.9) << "structured " << kind;
    EXPECT_GE(s.recall(), 0.8) << "structured " << kind;
    EXPECT_GE(counts["transcript"][kind].recall(), 0.6) << "transcript " << kind;
  }
}

// Notes as people write them (terse bullets, prose, an AI note-taker export,
// German, French and Spanish, tables and callouts): every kind, and contacts.
TEST(QualityReport, FieldNotesMeetThePrecisionAndRecallFloors) {
  std::map<std::string, KindScores> counts = quality("field", "field.yaml");
  for (const char* kind : {"decision", "next_step", "opportunity", "blocker", "fact"}) {
    const Score& s = counts["structured"][kind];
    EXPECT_GE(s.precision(), 0.9) << "structured " << kind;
    EXPECT_GE(s.recall(), 0.8) << "structured " << kind;
  }
  Score contacts;
  for (auto& [group, kinds] : counts) contacts += kinds["contact"];
  EXPECT_GE(contacts.recall(), 0.8) << "contacts";
}

// The date a reader sees, and who held the meeting (the summary's "(via ...)").
TEST(QualityReport, FieldNotesDatesAndHolders) {
  std::filesystem::path root = std::filesystem::path(DOSSIER_SOURCE_DIR) / "fixtures/vaults/field";
  Gold gold = load_gold(std::string(DOSSIER_SOURCE_DIR) + "/fixtures/gold/field.yaml");
  Config config = load_config((root / "dossier.yaml").string(), true);
  VaultIndex vault = scan_vault(root, config).vault;
  std::vector<Meeting> meetings;
  for (const GoldMeeting& g : gold.meetings) {
    meetings.push_back(read_meeting(parse_note(g.path, read_file(root / g.path).value_or("")), g.path));
    add_declared_customers(vault, config, meetings.back());
  }
  CustomerMatcher matcher(vault);
  RuleSet rules = load_rules(config, root);
  int dated = 0, held = 0;
  for (size_t i = 0; i < meetings.size(); ++i) {
    EXPECT_EQ(meetings[i].date, gold.meetings[i].date) << meetings[i].path;
    dated += meetings[i].date == gold.meetings[i].date;
    std::string holder;
    for (const Item& item : extract_rules(meetings[i], vault, matcher, rules).items)
      if (item.kind == ItemKind::summary) holder = item.speaker;
    EXPECT_EQ(holder, gold.meetings[i].held_by) << meetings[i].path;
    held += holder == gold.meetings[i].held_by;
  }
  std::printf("\n[field] dates %d/%zu, held by %d/%zu\n", dated, meetings.size(), held, meetings.size());
}

}  // namespace
}  // namespace dossier
