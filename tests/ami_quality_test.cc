// The rules extractor on real recorded meetings: the AMI development meetings
// of ../shared/eval/ami-dev (not part of the repository; skipped when absent),
// scored as ../shared/eval/ami_eval.py scores them. AMI gold items carry
// several evidence lines each, which the one-line gold of pipeline/eval.h does
// not express, hence this scorer of its own:
//   - a gold decision / action is found when an item of its kind sits on one
//     of its evidence lines;
//   - precision: decisions and next steps that sit on any evidence line;
//   - readability: no item over 300 characters, none with fillers or doubled words;
//   - volume: decisions plus next steps at most 3x the gold count.
// Prints the figures; fails below the floors this extractor reaches, which
// are above the targets printed beside them.
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <set>

#include "extractors/rules_extractor.h"
#include "tests/test_util.h"
#include "util/files.h"
#include "vault/config.h"
#include "vault/meeting.h"
#include "vault/note.h"
#include "vault/vault.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// ami_eval.py's `\b(\w+) \1\b` (RE2 has no back references).
bool has_doubled_word(std::string_view s) {
  for (size_t sp = s.find(' '); sp != std::string_view::npos; sp = s.find(' ', sp + 1)) {
    size_t b = sp;
    while (b > 0 && is_word(s[b - 1])) --b;
    size_t n = sp - b;
    if (n == 0 || sp + 1 + n > s.size()) continue;
    bool same = true;
    for (size_t k = 0; k < n && same; ++k)
      same = std::tolower(static_cast<unsigned char>(s[b + k])) ==
             std::tolower(static_cast<unsigned char>(s[sp + 1 + k]));
    if (same && (sp + 1 + n == s.size() || !is_word(s[sp + 1 + n]))) return true;
  }
  return false;
}

TEST(AmiQuality, RulesExtractorOnRealMeetings) {
  fs::path data = fs::path(DOSSIER_SOURCE_DIR) / "../shared/eval/ami-dev";
  if (!fs::exists(data / "gold.json")) GTEST_SKIP() << "no " << data.string();
  nlohmann::json gold = nlohmann::json::parse(testing::read_text(data / "gold.json"));
  fs::path root = data / "vault";
  Config config;
  VaultIndex vault = scan_vault(root, config).vault;
  RuleSet rules = load_rules(config, root);

  static const RE2 kFiller("(?i)\\b(um+|uh+|erm+|hmm+|mm-hmm|uh-huh)\\b");
  int found[2] = {0, 0}, gold_n[2] = {0, 0};
  int extracted = 0, hits = 0, items = 0, too_long = 0, with_fillers = 0;
  for (const auto& [name, g] : gold.items()) {
    std::string path = "Meetings/" + name;
    Result<std::string> bytes = read_file(root / path);
    ASSERT_TRUE(bytes) << path;
    Meeting meeting = read_meeting(parse_note(path, *bytes), path);
    add_declared_customers(vault, config, meeting);
    match_attendees(vault, meeting);
    CustomerMatcher matcher(vault);
    Extraction x = extract_rules(meeting, vault, matcher, rules);
    std::set<int> evidence;
    int k = 0;
    for (const char* kind : {"decision", "next_step"}) {
      for (const auto& gi : g[kind]) {
        std::set<int> lines(gi["evidence_lines"].begin(), gi["evidence_lines"].end());
        if (lines.empty()) continue;
        evidence.insert(lines.begin(), lines.end());
        ++gold_n[k];
        for (const Item& i : x.items)
          if (to_string(i.kind) == kind && lines.count(i.line)) {
            ++found[k];
            break;
          }
      }
      ++k;
    }
    for (const Item& i : x.items) {
      ++items;
      too_long += i.text.size() > 300;
      bool filler = RE2::PartialMatch(i.text, kFiller) || has_doubled_word(i.text);
      with_fillers += filler;
      if (filler) std::printf("  filler: %s:%d %s\n", path.c_str(), i.line, i.text.c_str());
      if (i.kind == ItemKind::decision || i.kind == ItemKind::next_step) {
        ++extracted;
        hits += evidence.count(i.line) > 0;
      }
    }
  }
  double decision_recall = double(found[0]) / std::max(1, gold_n[0]);
  double action_recall = double(found[1]) / std::max(1, gold_n[1]);
  double precision = double(hits) / std::max(1, extracted);
  double volume = double(extracted) / std::max(1, gold_n[0] + gold_n[1]);
  std::printf(
      "\nAMI %zu meetings: decision recall %.2f (%d/%d), action recall %.2f (%d/%d), precision %.2f (%d/%d), "
      "items %d, over 300 chars %d, with fillers %d, decisions+next steps %.1fx the gold count\n"
      "  issue targets: decision recall 0.35, action recall 0.45, precision 0.25\n",
      gold.size(), decision_recall, found[0], gold_n[0], action_recall, found[1], gold_n[1], precision, hits,
      extracted, items, too_long, with_fillers, volume);
  EXPECT_EQ(too_long, 0);
  EXPECT_EQ(with_fillers, 0);
  EXPECT_LE(volume, 3.0);
  // Just under the default operating point (bench/dialogue/operating-points.md:
  // 0.369, 0.534, 0.275), all above the targets.
  EXPECT_GE(decision_recall, 0.36);
  EXPECT_GE(action_recall, 0.52);
  EXPECT_GE(precision, 0.27);
}

}  // namespace
}  // namespace dossier
