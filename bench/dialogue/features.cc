// Prints the dialogue features (extractors/dialogue.h) of every sentence of
// the meetings given, one JSON object per meeting and line, for
// bench/dialogue/train.py: the trainer learns on exactly the features the
// extractor computes. With --vault, also the decisions and next steps the cue
// rules alone find ("rule_items": [kind, line] pairs) and the lines of their
// opportunities, which the scorer leaves alone ("claimed_lines"), so the
// trainer scores operating points of the whole rules extractor.
// Usage: dialogue_features [--vault DIR] MEETING.md...
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>

#include "extractors/dialogue.h"
#include "extractors/rules_extractor.h"
#include "extractors/segment.h"
#include "util/files.h"
#include "vault/config.h"
#include "vault/meeting.h"
#include "vault/note.h"
#include "vault/vault.h"

int main(int argc, char** argv) {
  using namespace dossier;
  std::shared_ptr<const DialogueModel> model = builtin_dialogue_model();
  int first = 1;
  std::optional<std::filesystem::path> root;
  if (argc > 2 && std::string(argv[1]) == "--vault") root = argv[2], first = 3;
  Config config;
  VaultIndex vault;
  RuleSet rules;
  if (root) {
    vault = scan_vault(*root, config).vault;
    rules = load_rules(config, *root);
    rules.dialogue = nullptr;  // the cue rules alone
  }
  for (int i = first; i < argc; ++i) {
    std::string path = argv[i];
    Result<std::string> bytes = read_file(path);
    if (!bytes) {
      std::cerr << path << ":1: cannot read\n";
      return 1;
    }
    Meeting meeting = read_meeting(parse_note(path, *bytes), path);
    std::vector<Block> blocks = segment_meeting(meeting);
    size_t turns = 0;
    for (const Block& b : blocks) turns += b.kind == BlockKind::turn;
    nlohmann::json sentences = nlohmann::json::array();
    for (const DialogueSentence& s : dialogue_sentences(blocks, *model))
      sentences.push_back({{"line", s.line},
                           {"block", s.block},
                           {"speaker", blocks[s.block].speaker},
                           {"text", s.text},
                           {"features", s.features}});
    nlohmann::json out = {{"path", path}, {"turns", turns}, {"sentences", sentences}};
    if (root) {
      add_declared_customers(vault, config, meeting);
      match_attendees(vault, meeting);
      CustomerMatcher matcher(vault);
      nlohmann::json items = nlohmann::json::array(), claimed = nlohmann::json::array();
      for (const Item& item : extract_rules(meeting, vault, matcher, rules).items) {
        if (item.kind == ItemKind::decision || item.kind == ItemKind::next_step)
          items.push_back({std::string(to_string(item.kind)), item.line});
        if (item.kind == ItemKind::opportunity) claimed.push_back(item.line);
      }
      out["rule_items"] = items;
      out["claimed_lines"] = claimed;
    }
    std::cout << out.dump() << "\n";
  }
  return 0;
}
