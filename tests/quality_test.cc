// Quality report of the rules extractor against the human gold labels of
// fixtures/vaults/basic (fixtures/gold/basic.yaml): per-kind precision and
// recall, structured notes and transcripts apart, computed by evaluate()
// (pipeline/eval.h), the same function behind `dossier eval`. Set
// DOSSIER_QUALITY_VERBOSE=1 to list every miss and false alarm.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "pipeline/eval.h"
#include "pipeline/gold.h"
#include "vault/config.h"

namespace dossier {
namespace {

// "structured" for typed notes (daily notes included), "transcript" for transcripts and WebVTT.
std::string group_of(const std::string& format) {
  return format == "transcript" || format == "vtt" ? "transcript" : "structured";
}

void print_items(const char* label, const std::vector<EvalItem>& items) {
  for (const EvalItem& i : items)
    std::printf("  %s %s:%d %s [%s] %s\n", label, i.path.c_str(), i.line, std::string(to_string(i.kind)).c_str(),
                i.customer ? i.customer->c_str() : "null", i.text.c_str());
}

TEST(QualityReport, RulesExtractorMeetsTheIssueTargets) {
  std::filesystem::path root = std::filesystem::path(DOSSIER_SOURCE_DIR) / "fixtures/vaults/basic";
  Gold gold = load_gold(std::string(DOSSIER_SOURCE_DIR) + "/fixtures/gold/basic.yaml");
  EvalOptions options;
  options.vault = root;
  options.config = load_config((root / "dossier.yaml").string(), true);
  EvalReport report = evaluate(gold, options);
  ASSERT_TRUE(report.errors.empty()) << report.errors.front();
  ASSERT_EQ(report.meetings, static_cast<int>(gold.meetings.size()));

  if (std::getenv("DOSSIER_QUALITY_VERBOSE")) {
    print_items("FALSE", report.extras);
    for (const AttributionError& a : report.attribution_errors)
      print_items("WHO  ", {a.item});
    print_items("MISS ", report.misses);
  }
  std::map<std::string, KindScores> counts;  // group -> kind -> score
  for (const auto& [format, kinds] : report.by_format)
    for (const auto& [kind, score] : kinds) counts[group_of(format)][kind] += score;

  std::printf("\n%-11s %-12s %9s %9s %6s %5s %7s\n", "group", "kind", "precision", "recall", "pred", "gold",
              "matched");
  for (const auto& [group, kinds] : counts)
    for (const auto& [kind, c] : kinds)
      std::printf("%-11s %-12s %9.2f %9.2f %6d %5d %7d\n", group.c_str(), kind.c_str(), c.precision(),
                  c.recall(), c.extracted, c.gold, c.matched);

  for (const char* kind : {"decision", "next_step", "opportunity"}) {
    const Score& s = counts["structured"][kind];
    EXPECT_GE(s.precision(), 0.9) << "structured " << kind;
    EXPECT_GE(s.recall(), 0.8) << "structured " << kind;
    EXPECT_GE(counts["transcript"][kind].recall(), 0.6) << "transcript " << kind;
  }
}

}  // namespace
}  // namespace dossier
