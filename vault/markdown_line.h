// The Markdown line grammar dossier relies on, in one place: each rule
// follows CommonMark where it applies (Obsidian's extensions, such as
// wikilinks and task states, where it does not), and every reader of notes
// (the note model, the segmenter, the merge, dedupe) asks here rather than
// keeping its own copy. Lines may come with or without their line ending.
#pragma once
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// --- Fences -----------------------------------------------------------------

// A fenced code block's opening run: ``` or ~~~, three or more.
struct Fence {
  char marker = 0;  // '`' or '~'
  size_t length = 0;
};

// The fence `line` opens, if any. Indentation is allowed at any depth, so
// that code blocks nested in list items count too. A backtick run followed
// by another backtick on the line ("```x``` inline") is inline code, not a
// fence (CommonMark: the info string of a backtick fence has no backtick).
std::optional<Fence> fence_of(std::string_view line);

// Whether `line` closes `open`: the same marker, at least as many, and
// nothing else on the line.
bool closes_fence(std::string_view line, const Fence& open);

// For each line, whether it belongs to a fenced code block (its fences
// included). A fence left open runs to the end.
std::vector<bool> fenced_lines(const std::vector<std::string_view>& lines);
std::vector<bool> fenced_lines(const std::vector<std::string>& lines);

// --- Headings and breaks ------------------------------------------------------

// An ATX heading: at most 3 spaces, 1..6 '#', then a blank or the end of the
// line ("#tag" is no heading). The title is trimmed, its closing run of '#'
// (after a blank) dropped: "## Risks ##" is level 2, "Risks".
struct Heading {
  int level = 0;
  std::string_view title;
};
std::optional<Heading> heading_of(std::string_view line);

// "---", "***", "___" or spaced ("- - -"): three or more of one of these
// characters and blanks, at most 3 spaces in.
bool is_thematic_break(std::string_view line);

// --- List items and tasks -------------------------------------------------------

// Columns of the line's leading blanks (a tab advances to the next multiple of 4).
int indent_columns(std::string_view line);

// A list item's first line: "- text", "* text", "+ text", "1. text", "1) text"
// (1..9 digits), the marker followed by a blank or the end of the line. A
// checkbox right after the marker ("- [ ] ", "- [x] ", "- [-] ") makes it a
// task; Obsidian reads any one character between the brackets as a state.
struct ListItem {
  int indent = 0;         // columns before the marker
  char marker = 0;        // '-', '*', '+', or the '.' / ')' after a number
  char task = 0;          // 0: no checkbox; ' ': open; 'x' / 'X': done; another state as written
  std::string_view text;  // after the marker and the checkbox, trimmed (may be empty)

  bool is_task() const { return task != 0; }
  bool is_open_task() const { return task == ' '; }
  bool is_done() const { return task == 'x' || task == 'X'; }
};

// The list item `line` starts, if any. A thematic break ("- - -") is none.
// `indent` counts columns already taken off the front of `line`. Outside a
// list, a marker indented 4 columns or more starts indented code, not an
// item (CommonMark); `in_list` says the line may nest in an item above it,
// whose depth the caller does not track, so any indentation is allowed.
std::optional<ListItem> list_item_of(std::string_view line, bool in_list = false, int indent = 0);

// The text of `line` without indentation, blockquote markers ("> "), list
// marker and checkbox, trimmed; a line that is no list item loses only the
// first two. Nesting is not checked: for lines read out of their context.
std::string_view strip_list_marker(std::string_view line);

// Where the Obsidian Tasks fields at the end of a line start (" 📅 2026-01-09",
// "✅ 2026-01-12": an emoji, then an ISO date); the line's size when it has
// none. Tasks reads them only at the end of the line.
size_t task_fields_start(std::string_view line);

// --- Wikilinks -------------------------------------------------------------------

// "[[target#heading|alias]]", "[[target#^block]]", "[[folder/target.md]]".
// Views point into the text the link was found in.
struct WikiLink {
  size_t begin = 0, end = 0;  // the "[[" ... "]]" span in the text
  std::string_view inner;     // between the brackets, as written
  std::string_view target;    // before '#', '^' or '|', trimmed; a path as written
  std::string_view heading;   // after '#' (no block reference), trimmed
  std::string_view block;     // after "#^" (or a bare '^'), trimmed
  std::string_view alias;     // after the first '|', as written
  bool has_alias = false;

  // The note the link names: the target's last path part without ".md".
  std::string_view name() const;
  // What the link reads as in running text: the alias, else `inner`.
  std::string_view display() const { return has_alias ? alias : inner; }
};

// Every wikilink of `text`, in order. Links do not nest: of "[[a [[b]]" the
// link is "[[b]]".
std::vector<WikiLink> wikilinks_of(std::string_view text);

// The wikilink `text` starts with, if it does ("[[Jane Doe]] (CTO)").
std::optional<WikiLink> leading_wikilink(std::string_view text);

// The note a link target names: "folder/Acme.md" -> "Acme" (trimmed).
std::string_view link_name(std::string_view target);

// Case-folded names of every wikilink in `line` ("[[a/B.md|c]]" -> "b").
std::vector<std::string> wikilink_targets(std::string_view line);

// The name of the first wikilink in `s` ("[[Jane Doe|Jane]]" -> "Jane Doe",
// "[[Acme#Q3]]" -> "Acme"); text without a link comes back trimmed, with
// emphasis around it ("**Jane**") removed.
std::string strip_wikilink(std::string_view s);

// --- Dates -------------------------------------------------------------------------

// Exactly "YYYY-MM-DD" in digits (the shape; CivilDate checks the day exists).
bool is_iso_date(std::string_view s);

// Date "YYYY-MM-DD" at the start of a list item ("- 2025-01-02: ..."), or "".
std::string leading_date(std::string_view line);

// --- Template lines: placeholders and the footer ----------------------------------

// A line that is entirely `_..._` italic text, e.g. "_No known blockers._":
// the shape of a template placeholder, but also of a line the user wrote.
bool is_placeholder_line(std::string_view line);

// The placeholder lines a note's template puts into empty sections, trimmed.
// Only these are placeholders: any other italic line is the user's text.
using Placeholders = std::set<std::string, std::less<>>;
bool is_placeholder_line(std::string_view line, const Placeholders& known);

// The footer a customer note ends with: a "---" rule, then
// "*Last updated: YYYY-MM-DD*".
inline constexpr std::string_view kLastUpdated = "*Last updated";
bool is_footer_rule(std::string_view line);
bool is_last_updated_line(std::string_view line);

// The index of the footer's rule among `lines` at or after `begin`: the
// nearest "---" above the last "*Last updated" line. Nullopt when none.
std::optional<size_t> footer_start(const std::vector<std::string>& lines, size_t begin);

// A line that is neither blank, nor one of the template's `known`
// placeholders, nor part of the "---" / "*Last updated" footer.
bool is_entry_line(std::string_view line, const Placeholders& known);

}  // namespace dossier
