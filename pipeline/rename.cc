#include "pipeline/rename.h"

#include <map>
#include <vector>

#include "pipeline/merge_lines.h"
#include "util/text.h"
#include "vault/section_edit.h"

namespace dossier {

std::string renamed_links(std::string_view line, const MeetingRename& rename) {
  std::string wanted = casefold(trim(rename.from));
  std::string out;
  size_t done = 0;
  for (const WikiLink& link : wikilinks_of(line)) {
    if (casefold(link.name()) != wanted) continue;
    size_t target_begin = static_cast<size_t>(link.target.data() - line.data());
    out += line.substr(done, target_begin - done);
    out += link_target(rename.to);
    done = target_begin + link.target.size();
  }
  out += line.substr(done);
  return out;
}

namespace {

// Memory keys of what the meeting gave ("from:MEETING:KEY", "summary:MEETING";
// see merge.cc), under the new name too.
void rename_memory_keys(NoteMemory& memory, const MeetingRename& rename) {
  std::string from = casefold(rename.from), to = casefold(rename.to);
  std::vector<std::string> added;
  std::string source = "from:" + from + ":";
  for (auto it = memory.emitted_keys.lower_bound(source);
       it != memory.emitted_keys.end() && it->starts_with(source); ++it)
    added.push_back("from:" + to + ":" + it->substr(source.size()));
  if (memory.emitted_keys.count("summary:" + from)) added.push_back("summary:" + to);
  memory.emitted_keys.insert(added.begin(), added.end());
}

}  // namespace

bool rename_meeting_links(Note& note, NoteMemory& memory, const MeetingRename& rename) {
  if (casefold(trim(rename.from)) == casefold(trim(rename.to))) return false;
  bool changed = false;
  for (Section& section : note.sections) {
    std::map<size_t, std::string> rewrites;
    std::vector<std::string> body = section_body_lines(section);
    for (size_t i = 0; i < body.size(); ++i) {
      if (!memory.own_lines.count(body[i]) || !links_to(body[i], rename.from)) continue;
      std::string renamed = renamed_links(body[i], rename);
      if (renamed == body[i]) continue;
      memory.own_lines.erase(body[i]);
      memory.own_lines.insert(renamed);
      rewrites.emplace(i, std::move(renamed));
    }
    if (rewrites.empty()) continue;
    replace_body_lines(section, rewrites);
    changed = true;
  }
  rename_memory_keys(memory, rename);
  return changed;
}

}  // namespace dossier
