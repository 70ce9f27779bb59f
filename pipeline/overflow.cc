#include "pipeline/overflow.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "pipeline/close_loop.h"
#include "pipeline/merge_lines.h"
#include "util/text.h"
#include "vault/section_edit.h"

namespace dossier {

std::string history_note_path(const std::string& note_path) {
  std::filesystem::path p(note_path);
  return (p.parent_path() / (p.stem().string() + " (history)" + p.extension().string())).generic_string();
}

namespace {

// A ticked task or a struck-through line: no longer current.
bool done(std::string_view line) {
  std::string_view t = trim(strip_eol(line));
  return t.starts_with("- [x] ") || t.starts_with("- [X] ") || is_struck(t);
}

bool listed(const std::vector<std::string>& titles, const std::string& title) {
  return std::any_of(titles.begin(), titles.end(), [&](const std::string& t) { return iequals(t, title); });
}

// Body indices of the lines of `section` that may move, oldest first.
std::vector<size_t> movable(const std::vector<std::string>& body, const NoteMemory& memory, bool newest_first,
                            bool only_done) {
  std::vector<bool> fenced = fenced_lines(body);
  std::vector<size_t> out;
  for (size_t i = 0; i < body.size(); ++i)
    if (!fenced[i] && !trim(body[i]).empty() && memory.own_lines.count(body[i]) &&
        (!only_done || done(body[i])))
      out.push_back(i);
  if (newest_first) std::reverse(out.begin(), out.end());
  return out;
}

// A moved line as the history note keeps it: the History callouts' "> " off.
std::string unquoted(const std::string& line) { return line.starts_with("> ") ? line.substr(2) : line; }

// One pass over the sections: moves lines of `title` (all it may move, or
// only done ones) oldest first until the note fits.
void shed_section(Note& note, NoteMemory& memory, const ShedOptions& o, const std::string& title,
                  bool only_done, size_t& size, std::vector<ShedSection>& moved) {
  Section* section = find_section(note, title, o.shape ? o.shape->level_of(title) : 2);
  if (!section) return;
  std::vector<std::string> body = section_body_lines(*section);
  bool newest_first = listed(o.newest_first, title);
  std::set<size_t> out;
  for (size_t i : movable(body, memory, newest_first, only_done)) {
    if (size <= o.limit) break;
    out.insert(i);
    size -= std::min(size, body[i].size() + note.newline.size());
  }
  if (out.empty()) return;
  ShedSection shed{title, {}};
  for (size_t i : out) {
    shed.lines.push_back(unquoted(body[i]));
    memory.own_lines.erase(body[i]);
  }
  remove_body_lines(*section, out);
  moved.push_back(std::move(shed));
  size = render_note(note).size();
}

}  // namespace

std::optional<std::vector<ShedSection>> shed_lines(Note& note, NoteMemory& memory, const ShedOptions& o) {
  std::vector<ShedSection> moved;
  size_t size = render_note(note).size();
  // First what is no longer current: History, Recent Context, ticked tasks
  // and struck lines; then, if still too large, the oldest current lines of
  // the sections in `later` (never open tasks).
  for (const std::string& title : o.titles)
    if (size > o.limit) shed_section(note, memory, o, title, !listed(o.newest_first, title), size, moved);
  for (const std::string& title : o.later)
    if (size > o.limit) shed_section(note, memory, o, title, false, size, moved);
  if (size > o.limit) return std::nullopt;
  return moved;
}

std::string add_to_history_note(const std::optional<std::string>& existing, const std::string& path,
                                const std::string& customer, const std::vector<ShedSection>& moved) {
  std::string text =
      existing.value_or("---\ntype: customer-history\ncustomer: \"[[" + customer + "]]\"\n---\n\n# " +
                        customer + " (history)\n\nOlder lines dossier moved here from [[" + customer +
                        "]] to keep that note under max_file_bytes.\n");
  Note note = parse_note(path, text);
  for (const ShedSection& shed : moved)
    append_lines(ensure_section(note, shed.title, 2), shed.lines, note.newline, {});
  return render_note(note);
}

}  // namespace dossier
