// Markdown tables of actions, decisions or risks: the header says what each
// row is ("| Owner | Action | Due |"), and each row becomes one item that
// keeps its owner and due date.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// The cells of a table row "| a | b |" (outer pipes optional, "\|" kept).
std::vector<std::string> table_cells(std::string_view row);

// True for a separator row "|---|:--:|".
bool is_table_separator(std::string_view row);

struct TableLayout {
  std::string heading;  // the item column's header ("Action"): read like a heading
  int item = -1;        // column holding the item text
  int owner = -1;       // "Owner", "Who", "Assignee", "Responsible"
  int due = -1;         // "Due", "Due date", "When", "Deadline", "By"
};

// The layout of a table whose header names an item column (Action, Task,
// Decision, Risk, Next step, ...); nullopt for other tables ("| Field | Value |").
std::optional<TableLayout> table_layout(std::string_view header_row);

// "Nora Quinn: Send the pricing (due 2026-02-13)", or "" for an empty row.
std::string table_row_text(const TableLayout& layout, const std::vector<std::string>& cells);

}  // namespace dossier
