#include "pipeline/history.h"

#include <map>
#include <set>
#include <vector>

#include "pipeline/merge_lines.h"
#include "util/text.h"
#include "vault/date.h"
#include "vault/section_edit.h"

namespace dossier {

namespace {

constexpr std::string_view kHistory = "History";
constexpr std::string_view kOlderContext = "> [!abstract]- Older meetings";
constexpr std::string_view kDoneTasks = "> [!done]- Done tasks";

long days_from_civil(std::string_view iso) {
  std::optional<CivilDate> day = CivilDate::from_iso(iso);
  return day ? day->days() : 0;
}

// The date of a task's "✅ YYYY-MM-DD" when the line is a ticked task.
std::string done_date(std::string_view line) {
  std::optional<ListItem> item = list_item_of(line, true);
  if (!item || !item->is_done() || item->text.empty()) return "";
  std::string_view t = item->text;
  size_t mark = t.rfind("✅ ");
  if (mark == std::string_view::npos) return "";
  std::string_view date = trim(t.substr(mark + std::string_view("✅ ").size()));
  return date.size() >= 10 && is_iso_date(date.substr(0, 10)) ? std::string(date.substr(0, 10)) : "";
}

std::vector<size_t> entries(const std::vector<std::string>& body, const TemplateShape* shape) {
  return entry_lines(body, shape ? shape->placeholders : Placeholders{});
}

int level_of(const HistoryOptions& o, std::string_view title) {
  return o.shape ? o.shape->level_of(title) : 2;
}

// Puts `lines` (newest first) at the top of the callout `title` of History,
// creating the section and the callout as needed.
void into_history(Note& note, std::string_view callout, const std::vector<std::string>& lines,
                  const HistoryOptions& o) {
  Section& history = ensure_section(note, kHistory, level_of(o, "Recent Context"));
  std::vector<std::string> body = section_body_lines(history);
  std::vector<std::string> quoted;
  for (const std::string& line : lines) quoted.push_back("> " + line);
  for (size_t i = 0; i < body.size(); ++i) {
    if (trim(body[i]) == callout) {
      insert_body_lines(history, i + 1, quoted, note.newline);
      return;
    }
  }
  // A new callout after the last non-blank line (in an empty section, after
  // the blank line under the heading), blank lines around it.
  size_t end = body.size();
  while (end > 0 && trim(body[end - 1]).empty()) --end;
  size_t at = end > 0 ? end : body.size();
  std::vector<std::string> block;
  if (end > 0) block.push_back("");
  block.emplace_back(callout);
  block.insert(block.end(), quoted.begin(), quoted.end());
  if (at == body.size()) block.push_back("");
  insert_body_lines(history, at, block, note.newline);
}

// Moves body lines `moved` of the section `title` into the callout.
bool move(Note& note, NoteMemory& memory, std::string_view title, const std::set<size_t>& moved,
          std::string_view callout, const HistoryOptions& o) {
  if (moved.empty()) return false;
  Section* section = find_section(note, title, level_of(o, title));
  if (!section) return false;
  std::vector<std::string> body = section_body_lines(*section);
  std::vector<std::string> lines;
  for (size_t i : moved) {
    lines.push_back(body[i]);
    memory.own_lines.erase(body[i]);
    memory.own_lines.insert("> " + body[i]);
  }
  remove_body_lines(*section, moved);
  into_history(note, callout, lines, o);
  return true;
}

}  // namespace

bool roll_over(Note& note, NoteMemory& memory, const HistoryOptions& o) {
  bool changed = false;
  if (o.recent_context_lines > 0)
    if (const Section* context = find_section(note, o.context_title, level_of(o, o.context_title))) {
      std::vector<std::string> body = section_body_lines(*context);
      std::vector<size_t> lines = entries(body, o.shape);
      std::set<size_t> moved;
      size_t keep = static_cast<size_t>(o.recent_context_lines);
      for (size_t n = lines.size(); n-- > 0 && lines.size() - moved.size() > keep;)
        if (memory.own_lines.count(body[lines[n]]) && !leading_date(body[lines[n]]).empty())
          moved.insert(lines[n]);
      changed |= move(note, memory, o.context_title, moved, kOlderContext, o);
    }
  if (o.history_after_days > 0 && is_iso_date(o.today))
    if (const Section* steps = find_section(note, o.next_steps_title, level_of(o, o.next_steps_title))) {
      std::vector<std::string> body = section_body_lines(*steps);
      long cutoff = days_from_civil(o.today) - o.history_after_days;
      std::set<size_t> moved;
      for (size_t i : entries(body, o.shape)) {
        std::string date = done_date(body[i]);
        if (!date.empty() && memory.own_lines.count(body[i]) && days_from_civil(date) < cutoff)
          moved.insert(i);
      }
      changed |= move(note, memory, o.next_steps_title, moved, kDoneTasks, o);
    }
  return changed;
}

}  // namespace dossier
