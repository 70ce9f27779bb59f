// Prints the dialogue features (extractors/dialogue.h) of every sentence of
// the meetings given, one JSON object per meeting and line, for
// bench/dialogue/train.py: the trainer learns on exactly the features the
// extractor computes.
// Usage: dialogue_features MEETING.md...
#include <nlohmann/json.hpp>

#include <iostream>

#include "extractors/dialogue.h"
#include "extractors/segment.h"
#include "util/files.h"
#include "vault/meeting.h"
#include "vault/note.h"

int main(int argc, char** argv) {
  using namespace dossier;
  std::shared_ptr<const DialogueModel> model = builtin_dialogue_model();
  for (int i = 1; i < argc; ++i) {
    std::string path = argv[i];
    std::optional<std::string> bytes = read_file(path);
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
      sentences.push_back({{"line", s.line}, {"block", s.block}, {"features", s.features}});
    nlohmann::json out = {{"path", path}, {"turns", turns}, {"sentences", sentences}};
    std::cout << out.dump() << "\n";
  }
  return 0;
}
