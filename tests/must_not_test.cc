// What must never reach a customer note: every gold file's meetings carry a
// `must_not` list (fixtures/gold/*.yaml, for the vault of the same name), and
// no item attributed to a customer may contain one of its phrases. Also: the
// noise stage drops no line the gold labels as an item (no recall lost to
// it), and after a real `dossier run` no line dossier added to a customer
// note contains a must-not phrase.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/extraction.h"
#include "tests/test_util.h"
#include "util/files.h"
#include "util/text.h"
#include "vault/config.h"
#include "vault/meeting.h"
#include "vault/note.h"
#include "vault/vault.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

struct GoldVault {
  std::string name;
  YAML::Node gold;
};

// (YAML::Node has reference semantics: nodes are loaded once, never sorted.)
std::vector<GoldVault> gold_vaults() {
  std::vector<std::string> names;
  fs::path dir = testing::source_dir() / "fixtures/gold";
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    std::string name = entry.path().stem().string();
    if (fs::exists(testing::source_dir() / "fixtures/vaults" / name)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  std::vector<GoldVault> out;
  for (const std::string& name : names) out.push_back({name, YAML::LoadFile((dir / (name + ".yaml")).string())});
  return out;
}

std::vector<std::string> must_not_of(const YAML::Node& meeting) {
  std::vector<std::string> phrases;
  for (const YAML::Node& p : meeting["must_not"]) phrases.push_back(p.as<std::string>());
  return phrases;
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

bool contains_folded(std::string_view text, std::string_view phrase) {
  return casefold(text).find(casefold(phrase)) != std::string::npos;
}

TEST(MustNot, EveryGoldMeetingCarriesAMustNotList) {
  std::vector<GoldVault> vaults = gold_vaults();
  ASSERT_GE(vaults.size(), 2u);
  for (const GoldVault& v : vaults)
    for (const auto& entry : v.gold)
      EXPECT_TRUE(entry.second["must_not"].IsSequence()) << v.name << ": " << entry.first.as<std::string>();
}

TEST(MustNot, NoPhraseReachesACustomerAndNoiseDropsNoLabelledItem) {
  int violations = 0, labelled = 0, dropped_labelled = 0, phrases = 0;
  for (const GoldVault& v : gold_vaults()) {
    fs::path root = testing::source_dir() / "fixtures/vaults" / v.name;
    Config config = load_config((root / "dossier.yaml").string(), true);
    std::vector<InputError> errors;
    VaultIndex vault = scan_vault(root, config, errors);
    ASSERT_TRUE(errors.empty()) << errors.front().what();
    for (const auto& entry : v.gold) {
      std::string path = entry.first.as<std::string>();
      std::optional<std::string> bytes = read_file(root / path);
      ASSERT_TRUE(bytes) << (root / path);
      Meeting meeting = read_meeting(parse_note(path, *bytes), path);
      VaultIndex with_declared = vault;
      add_declared_customers(with_declared, config, meeting);
      std::vector<MeetingExtraction> result =
          extract_meetings({&meeting}, with_declared, config, ExtractorKind::rules, nullptr);
      ASSERT_TRUE(result[0].error.empty()) << result[0].error;
      const Extraction& e = result[0].extraction;
      for (const std::string& phrase : must_not_of(entry.second)) {
        ++phrases;
        for (const Item& item : e.items) {
          if (!item.customer || !contains_folded(item.text, phrase)) continue;
          ++violations;
          ADD_FAILURE() << v.name << "/" << path << ":" << item.line << ": \"" << phrase << "\" reached "
                        << *item.customer << " as " << to_string(item.kind) << ": " << item.text;
        }
      }
      std::set<int> gold_lines;
      for (const YAML::Node& label : entry.second["items"]) gold_lines.insert(label["line"].as<int>());
      labelled += static_cast<int>(gold_lines.size());
      for (const DroppedItem& d : e.dropped) {
        if (!gold_lines.count(d.line)) continue;
        ++dropped_labelled;
        ADD_FAILURE() << v.name << "/" << path << ":" << d.line << ": the noise stage dropped a labelled item ("
                      << d.reason << "): " << d.text;
      }
    }
  }
  std::printf("must-not phrases: %d, violations: %d; labelled lines: %d, dropped as noise: %d\n", phrases,
              violations, labelled, dropped_labelled);
  EXPECT_EQ(violations, 0);
  EXPECT_EQ(dropped_labelled, 0);
}

// The same through the real binary: what `run` adds to customer notes.
TEST(MustNot, NothingOnTheListIsWrittenIntoACustomerNote) {
  for (const GoldVault& v : gold_vaults()) {
    testing::TempDir tmp;
    fs::copy(testing::source_dir() / "fixtures/vaults" / v.name, tmp.path(), fs::copy_options::recursive);
    std::map<std::string, std::string> before = testing::snapshot(tmp.path());
    testing::Output o = testing::run_dossier({"run", "--vault", tmp.path().string(), "--quiet"},
                                             {"DOSSIER_TODAY=2026-03-01"});
    ASSERT_EQ(o.exit_code, 0) << o.err;
    Config config = load_config((tmp.path() / "dossier.yaml").string(), true);
    // meeting name (file name without extension) -> its must-not phrases
    std::map<std::string, std::vector<std::string>> phrases_of;
    for (const auto& entry : v.gold)
      phrases_of[fs::path(entry.first.as<std::string>()).stem().string()] = must_not_of(entry.second);
    for (const auto& [path, bytes] : testing::snapshot(tmp.path())) {
      if (path.rfind(config.customers + "/", 0) != 0) continue;
      std::set<std::string> old_lines;
      std::istringstream old_in(before.count(path) ? before.at(path) : "");
      for (std::string line; std::getline(old_in, line);) old_lines.insert(line);
      std::istringstream in(bytes);
      for (std::string line; std::getline(in, line);) {
        if (old_lines.count(line)) continue;
        std::string text = without_links(line);
        // the phrases of every meeting the line comes from (its [[links]])
        for (size_t open = line.find("[["); open != std::string::npos; open = line.find("[[", open + 2)) {
          size_t close = line.find("]]", open);
          if (close == std::string::npos) break;
          auto it = phrases_of.find(line.substr(open + 2, close - open - 2));
          if (it == phrases_of.end()) continue;
          for (const std::string& phrase : it->second)
            EXPECT_FALSE(contains_folded(text, phrase)) << v.name << "/" << path << ": \"" << phrase << "\" in: " << line;
        }
      }
    }
  }
}

}  // namespace
}  // namespace dossier
