// Quality report of the rules extractor against the human gold labels of
// fixtures/vaults/basic (fixtures/gold/basic.yaml): per-kind precision and
// recall, structured notes and transcripts apart. An item matches a label
// when kind, line and customer are equal. Set DOSSIER_QUALITY_VERBOSE=1 to
// list every miss and false alarm.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "extractors/extract.h"
#include "vault/config.h"
#include "util/files.h"
#include "vault/meeting.h"
#include "vault/note.h"
#include "vault/vault.h"

namespace dossier {
namespace {

const std::vector<std::string> kLabelledKinds = {"decision", "next_step", "opportunity", "blocker", "fact"};

struct Label {
  std::string kind;
  int line = 0;
  std::optional<std::string> customer;
  std::string text;
};

struct Counts {
  int predicted = 0, gold = 0, matched = 0;
  double precision() const { return predicted ? double(matched) / predicted : 1.0; }
  double recall() const { return gold ? double(matched) / gold : 1.0; }
};

// "structured" for typed notes (daily notes included), "transcript" for transcripts and WebVTT.
std::string group_of(const std::string& format) {
  return format == "transcript" || format == "vtt" ? "transcript" : "structured";
}

std::string show(const std::optional<std::string>& c) { return c ? *c : "null"; }

class QualityReport : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::path(DOSSIER_SOURCE_DIR) / "fixtures/vaults/basic";
    gold_ = YAML::LoadFile(std::string(DOSSIER_SOURCE_DIR) + "/fixtures/gold/basic.yaml");
    config_ = load_config((root_ / "dossier.yaml").string(), true);
    std::vector<InputError> errors;
    vault_ = scan_vault(root_, config_, errors);
    ASSERT_TRUE(errors.empty()) << errors.front().what();
    for (const auto& entry : gold_) {
      std::string path = entry.first.as<std::string>();
      std::optional<std::string> bytes = read_file(root_ / path);
      ASSERT_TRUE(bytes) << path;
      meetings_.push_back(read_meeting(parse_note(path, *bytes), path));
      add_declared_customers(vault_, config_, meetings_.back());
    }
  }

  std::filesystem::path root_;
  YAML::Node gold_;
  Config config_;
  VaultIndex vault_;
  std::vector<Meeting> meetings_;
};

TEST_F(QualityReport, RulesExtractorMeetsTheIssueTargets) {
  RuleSet rules = load_rules(config_, root_);
  CustomerMatcher matcher(vault_);
  bool verbose = std::getenv("DOSSIER_QUALITY_VERBOSE") != nullptr;
  std::map<std::string, std::map<std::string, Counts>> counts;  // group -> kind -> counts
  size_t m = 0;
  for (const auto& entry : gold_) {
    const Meeting& meeting = meetings_[m++];
    std::string group = group_of(entry.second["format"].as<std::string>());
    std::vector<Label> labels;
    for (const YAML::Node& n : entry.second["items"]) {
      Label l{n["kind"].as<std::string>(), n["line"].as<int>(), std::nullopt, n["text"].as<std::string>()};
      if (!n["customer"].IsNull()) l.customer = n["customer"].as<std::string>();
      labels.push_back(l);
      ++counts[group][l.kind].gold;
    }
    std::vector<bool> used(labels.size(), false);
    for (const Item& item : extract_rules(meeting, vault_, matcher, rules).items) {
      std::string kind(to_string(item.kind));
      if (std::find(kLabelledKinds.begin(), kLabelledKinds.end(), kind) == kLabelledKinds.end()) continue;
      ++counts[group][kind].predicted;
      bool hit = false;
      for (size_t i = 0; i < labels.size() && !hit; ++i) {
        if (used[i] || labels[i].kind != kind || labels[i].line != item.line || labels[i].customer != item.customer)
          continue;
        used[i] = hit = true;
        ++counts[group][kind].matched;
      }
      if (!hit && verbose)
        std::printf("  FALSE %s:%d %s [%s] %s\n", meeting.path.c_str(), item.line, kind.c_str(),
                    show(item.customer).c_str(), item.text.c_str());
    }
    for (size_t i = 0; i < labels.size(); ++i)
      if (!used[i] && verbose)
        std::printf("  MISS  %s:%d %s [%s] %s\n", meeting.path.c_str(), labels[i].line, labels[i].kind.c_str(),
                    show(labels[i].customer).c_str(), labels[i].text.c_str());
  }

  std::printf("\n%-11s %-12s %9s %9s %6s %5s %7s\n", "group", "kind", "precision", "recall", "pred", "gold",
              "matched");
  for (const auto& [group, kinds] : counts)
    for (const auto& [kind, c] : kinds)
      std::printf("%-11s %-12s %9.2f %9.2f %6d %5d %7d\n", group.c_str(), kind.c_str(), c.precision(),
                  c.recall(), c.predicted, c.gold, c.matched);

  for (const char* kind : {"decision", "next_step", "opportunity"}) {
    const Counts& s = counts["structured"][kind];
    EXPECT_GE(s.precision(), 0.9) << "structured " << kind;
    EXPECT_GE(s.recall(), 0.8) << "structured " << kind;
    EXPECT_GE(counts["transcript"][kind].recall(), 0.6) << "transcript " << kind;
  }
}

}  // namespace
}  // namespace dossier
