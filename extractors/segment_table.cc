#include "extractors/segment_table.h"

#include <algorithm>
#include <array>

#include "util/text.h"

namespace dossier {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(trim(s));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  out.erase(std::remove(out.begin(), out.end(), '*'), out.end());
  return out;
}

template <size_t N>
bool one_of(const std::string& word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Column headers that hold the item itself; their wording is matched against
// the heading rules like a section title ("Action" -> next step).
constexpr std::array<std::string_view, 20> kItemHeaders{
    "action", "actions",   "action item", "action items", "task",        "tasks",     "to do",
    "todo",   "next step", "next steps",  "follow-up",    "decision",    "decisions", "risk",
    "risks",  "blocker",   "blockers",    "issue",        "opportunity", "item"};
constexpr std::array<std::string_view, 6> kOwnerHeaders{"owner",       "who",         "assignee",
                                                        "responsible", "assigned to", "owners"};
constexpr std::array<std::string_view, 6> kDueHeaders{"due",      "due date", "when",
                                                      "deadline", "by",       "target date"};

}  // namespace

std::vector<std::string> table_cells(std::string_view row) {
  std::string_view r = trim(row);
  if (!r.empty() && r.front() == '|') r.remove_prefix(1);
  if (!r.empty() && r.back() == '|' && (r.size() < 2 || r[r.size() - 2] != '\\')) r.remove_suffix(1);
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 0; i < r.size(); ++i) {
    if (r[i] == '\\' && i + 1 < r.size() && r[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (r[i] == '|') {
      cells.emplace_back(trim(cell));
      cell.clear();
    } else {
      cell += r[i];
    }
  }
  cells.emplace_back(trim(cell));
  return cells;
}

bool is_table_separator(std::string_view row) {
  std::string_view r = trim(row);
  return !r.empty() && r.find('-') != std::string_view::npos &&
         r.find_first_not_of("|-: \t") == std::string_view::npos;
}

std::optional<TableLayout> table_layout(std::string_view header_row) {
  TableLayout layout;
  std::vector<std::string> cells = table_cells(header_row);
  for (size_t i = 0; i < cells.size(); ++i) {
    std::string h = lower_ascii(cells[i]);
    int col = static_cast<int>(i);
    if (layout.item < 0 && one_of(h, kItemHeaders)) {
      layout.item = col;
      layout.heading = std::string(trim(cells[i]));
    } else if (layout.owner < 0 && one_of(h, kOwnerHeaders)) {
      layout.owner = col;
    } else if (layout.due < 0 && one_of(h, kDueHeaders)) {
      layout.due = col;
    }
  }
  if (layout.item < 0) return std::nullopt;
  if (layout.heading == "item" || layout.heading == "Item") layout.heading = "Action items";
  return layout;
}

std::string table_row_text(const TableLayout& layout, const std::vector<std::string>& cells) {
  auto cell = [&](int col) -> std::string {
    return col >= 0 && static_cast<size_t>(col) < cells.size() ? cells[static_cast<size_t>(col)] : "";
  };
  std::string text = cell(layout.item);
  if (text.empty()) return "";
  if (std::string owner = cell(layout.owner); !owner.empty()) text = owner + ": " + text;
  if (std::string due = cell(layout.due); !due.empty()) text += " (due " + due + ")";
  return text;
}

}  // namespace dossier
