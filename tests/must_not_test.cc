// What must never reach a customer note: every gold file's meetings carry a
// `must_not` list (fixtures/gold/*.yaml, for the vault of the same name),
// scored by evaluate() (pipeline/eval.h) like every other quality figure.
// Also: the noise stage drops no line the gold labels as an item (no recall
// lost to it), and after a real `dossier run` no line dossier added to a
// customer note from a meeting holds one of that meeting's phrases.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/eval.h"
#include "pipeline/extract_stage.h"
#include "pipeline/gold.h"
#include "tests/test_util.h"
#include "util/files.h"
#include "vault/config.h"
#include "vault/meeting.h"
#include "vault/note.h"
#include "vault/vault.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

struct GoldVault {
  std::string name;
  fs::path root;
  Gold gold;
};

std::vector<GoldVault> gold_vaults() {
  std::vector<GoldVault> out;
  fs::path dir = testing::source_dir() / "fixtures/gold";
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    std::string name = entry.path().stem().string();
    fs::path root = testing::source_dir() / "fixtures/vaults" / name;
    if (fs::exists(root)) out.push_back({name, root, load_gold(entry.path().string())});
  }
  std::sort(out.begin(), out.end(), [](const GoldVault& a, const GoldVault& b) { return a.name < b.name; });
  return out;
}

// A customer-note line without its [[links]] (provenance names the meeting,
// and a meeting's file name may well say which note-taker wrote it).
std::string without_links(std::string_view line) {
  std::string out;
  for (size_t i = 0; i < line.size();) {
    size_t open = line.find("[[", i);
    size_t close = open == std::string_view::npos ? open : line.find("]]", open);
    if (close == std::string_view::npos) {
      out.append(line.substr(i));
      break;
    }
    out.append(line.substr(i, open - i));
    i = close + 2;
  }
  return out;
}

TEST(MustNot, EveryGoldFileCarriesMustNotListsAndNoneIsViolated) {
  std::vector<GoldVault> vaults = gold_vaults();
  ASSERT_GE(vaults.size(), 2u);
  for (const GoldVault& v : vaults) {
    size_t phrases = 0;
    for (const GoldMeeting& m : v.gold.meetings) phrases += m.must_not.size();
    EXPECT_GT(phrases, 0u) << v.name;
    EvalOptions options;
    options.vault = v.root;
    options.config = load_config((v.root / "dossier.yaml").string(), true);
    EvalReport report = evaluate(v.gold, options);
    EXPECT_TRUE(report.errors.empty()) << report.errors.front().text();
    for (const MustNotViolation& bad : report.must_not_violations)
      ADD_FAILURE() << v.name << "/" << bad.item.path << ":" << bad.item.line << ": \"" << bad.phrase
                    << "\" reached " << bad.item.customer.value_or("?") << " as " << to_string(bad.item.kind)
                    << ": " << bad.item.text;
    std::printf("%s: %zu must-not phrases, %zu violations; recall %.2f, precision %.2f\n", v.name.c_str(),
                phrases, report.must_not_violations.size(), report.overall.recall(),
                report.overall.precision());
  }
}

TEST(MustNot, TheNoiseStageDropsNoLabelledItem) {
  for (const GoldVault& v : gold_vaults()) {
    Config config = load_config((v.root / "dossier.yaml").string(), true);
    config.extractor = ExtractorKind::rules;
    MemoryResponseCache llm_cache;
    VaultIndex vault = scan_vault(v.root, config).vault;
    for (const GoldMeeting& g : v.gold.meetings) {
      Result<std::string> bytes = read_file(v.root / g.path);
      ASSERT_TRUE(bytes) << g.path;
      Meeting meeting = read_meeting(parse_note(g.path, *bytes), g.path);
      VaultIndex with_declared = vault;
      add_declared_customers(with_declared, config, meeting);
      std::vector<MeetingExtraction> result = extract_meetings({&meeting}, with_declared, config, llm_cache);
      std::set<int> labelled;
      for (const GoldItem& label : g.items) labelled.insert(label.line);
      for (const DroppedItem& d : result[0].extraction.dropped)
        EXPECT_FALSE(labelled.count(d.line)) << v.name << "/" << g.path << ":" << d.line
                                             << ": dropped a labelled item (" << d.reason << "): " << d.text;
    }
  }
}

// The date of the vault's latest gold meeting: a run on that day writes all
// of them (a meeting dated after today is held back, and reported).
std::string last_meeting_date(const GoldVault& v) {
  std::string last;
  for (const GoldMeeting& g : v.gold.meetings) {
    Result<std::string> bytes = read_file(v.root / g.path);
    if (!bytes) continue;
    last = std::max(last, read_meeting(parse_note(g.path, *bytes), g.path).date);
  }
  return last;
}

// The same through the real binary: what `run` adds to customer notes.
TEST(MustNot, NothingOnTheListIsWrittenIntoACustomerNote) {
  for (const GoldVault& v : gold_vaults()) {
    testing::TempDir tmp;
    fs::copy(v.root, tmp.path(), fs::copy_options::recursive);
    std::map<std::string, std::string> before = testing::snapshot(tmp.path());
    testing::Output o = testing::run_dossier({"run", "--vault", tmp.path().string(), "--quiet"},
                                             {"DOSSIER_TODAY=" + last_meeting_date(v)});
    ASSERT_EQ(o.exit_code, 0) << o.err;
    Config config = load_config((tmp.path() / "dossier.yaml").string(), true);
    std::map<std::string, std::vector<std::string>> phrases_of;  // meeting name -> its phrases
    for (const GoldMeeting& g : v.gold.meetings) phrases_of[fs::path(g.path).stem().string()] = g.must_not;
    for (const auto& [path, bytes] : testing::snapshot(tmp.path())) {
      if (path.rfind(config.customers_folder + "/", 0) != 0) continue;
      std::set<std::string> old_lines;
      std::istringstream old_in(before.count(path) ? before.at(path) : "");
      for (std::string line; std::getline(old_in, line);) old_lines.insert(line);
      std::istringstream in(bytes);
      for (std::string line; std::getline(in, line);) {
        if (old_lines.count(line)) continue;
        std::string text = phrase_key(without_links(line));
        // the phrases of every meeting the line comes from (its [[links]])
        for (size_t open = line.find("[["); open != std::string::npos; open = line.find("[[", open + 2)) {
          size_t close = line.find("]]", open);
          if (close == std::string::npos) break;
          auto it = phrases_of.find(line.substr(open + 2, close - open - 2));
          if (it == phrases_of.end()) continue;
          for (const std::string& phrase : it->second)
            EXPECT_EQ(text.find(phrase_key(phrase)), std::string::npos)
                << v.name << "/" << path << ": \"" << phrase << "\" in: " << line;
        }
      }
    }
  }
}

}  // namespace
}  // namespace dossier
