// Line-level helpers of the merge: how dossier spells the lines it writes,
// and the few raw section edits section_edit.h does not offer (batched
// replacement, insertion at a given body line, the footer date).
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "vault/item.h"
#include "vault/note.h"
#include "vault/section_edit.h"

namespace dossier {

// A name as it may stand inside "[[...]]" or on one line of a note: control
// characters, line breaks and the link syntax "[]|#^" become blanks, so a
// file name cannot inject Markdown into a note.
std::string link_target(std::string_view name);

// "[[MEETING]]".
std::string meeting_link(std::string_view meeting_name);

// The list line for an item, with its provenance: "- ✅ text ([[M]])",
// "- Signal: text ([[M]])", "- [ ] text ([[M]])" or "- text ([[M]])".
std::string item_line(ItemKind kind, std::string_view text, std::string_view meeting_name);

// The same for an extracted item: a next step the customer's side owns has no
// checkbox ("- Raj Patel (Orbital): set up a call ([[M]])"); the user's own
// task carries its due date in the Obsidian Tasks form, after the provenance
// because Tasks reads its fields at the end of the line ("... ([[M]]) 📅 2026-01-09").
std::string item_line(const Item& item, std::string_view meeting_name);

// "- DATE: [[M]] - summary (via PERSON)"; no "DATE: " when the date is
// unknown, no " (via ...)" when `via` is empty.
std::string recent_context_line(std::string_view date, std::string_view meeting_name,
                                std::string_view summary, std::string_view via);

// Does `line` already link to the meeting ("[[M]]", "[[M|alias]]", "[[M#h]]")?
bool links_to(std::string_view line, std::string_view meeting_name);

// `line` with the meeting added to its trailing provenance group:
// "x ([[A]])" -> "x ([[A]], [[B]])"; " ([[B]])" is appended when there is none.
std::string add_provenance(std::string_view line, std::string_view meeting_name);

// The links of the line's trailing provenance group ("x ([[A]], [[B]])" ->
// "A", "B", as written), or none.
std::vector<std::string> provenance_links(std::string_view line);

// `line` without the meeting in its provenance group: "x ([[A]], [[B]])" ->
// "x ([[A]])". Nullopt when the meeting is the group's only link.
std::optional<std::string> remove_provenance(std::string_view line, std::string_view meeting_name);

// Indices of the body lines that are entries: not in a fenced code block,
// and entry lines (markdown_line.h) for the template's `known` placeholders.
std::vector<size_t> entry_lines(const std::vector<std::string>& body, const Placeholders& known);

// Replaces several body lines at once (index -> new text without EOL), each
// keeping its own line ending. One pass over the section.
void replace_body_lines(Section& section, const std::map<size_t, std::string>& replacements);

// Inserts `lines` before body line `index` (== body size: at the very end).
void insert_body_lines(Section& section, size_t index, const std::vector<std::string>& lines,
                       std::string_view newline);

// Removes body lines (indices into section_body_lines), each with its line ending.
void remove_body_lines(Section& section, const std::set<size_t>& indices);

// Sets the `*Last updated: ...*` line (the last one in the note) to `today`,
// keeping indentation, line ending and any text after the closing '*'.
// Returns whether a byte changed.
bool set_last_updated(Note& note, std::string_view today);

}  // namespace dossier
