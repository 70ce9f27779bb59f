// Helpers shared by the merge tests (merge_test.cc, merge_sections_test.cc).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/merge.h"
#include "pipeline/wording.h"
#include "vault/config.h"

namespace dossier::merge_test {

// The names of two meetings the merge tests file items from.
inline const std::string kSync = "2025-11-02 Sync";
inline const std::string kReview = "2025-12-01 Review";

inline Meeting make_meeting(const std::string& name, const std::string& date) {
  Meeting m;
  m.name = name;
  m.date = date;
  m.path = "Meetings/" + name + ".md";
  return m;
}

inline Item make_item(ItemKind kind, const std::string& text) {
  Item item;
  item.kind = kind;
  item.text = text;
  return item;
}

inline MergeOptions merge_options() {
  MergeOptions options;
  options.sections = Config::default_sections();
  options.today = "2026-02-01";
  return options;
}

// The meeting's items as a run hands them to the merge, with what its text
// reports (done, resolved, status) and its language read as a run reads them.
inline MeetingItems at(const Meeting& meeting, std::vector<Item> items = {}) {
  MeetingItems entry{&meeting, std::move(items), {}, ""};
  entry.reports = meeting_reports(meeting);
  entry.language = meeting_language(meeting);
  return entry;
}

struct Merged {
  std::string text;
  MergeStats stats;
};

// Merges and renders the whole note, so that every expectation compares all
// bytes of the file.
inline Merged merged(std::string_view before, const std::vector<MeetingItems>& batch, NoteMemory& memory,
                     const MergeOptions& options = merge_options()) {
  Note note = parse_note("Customers/Northwind.md", before);
  MergeStats stats = merge_items(note, batch, memory, options);
  return {render_note(note), stats};
}

inline std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

}  // namespace dossier::merge_test
