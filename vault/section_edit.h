// Section edits. Lines are given without line endings; the note's own line
// ending is used for inserted lines. Edits on a single Section leave the
// first_line of later sections stale: call renumber_sections(note) if needed.
#pragma once
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "vault/note.h"

namespace dossier {

// A line that is entirely `_..._` italic text, e.g. "_No known blockers._":
// the shape of a template placeholder, but also of a line the user wrote.
bool is_placeholder_line(std::string_view line);

// The placeholder lines a note's template puts into empty sections, trimmed.
// Only these are placeholders: any other italic line is the user's text.
using Placeholders = std::set<std::string, std::less<>>;
bool is_placeholder_line(std::string_view line, const Placeholders& known);

// Body lines (after the heading line), without line endings.
std::vector<std::string> section_body_lines(const Section& section);

// Appends `lines` after the last non-blank body line of `section`. If the body
// holds placeholder lines (of `known`) and no real content, the first
// placeholder is replaced by the new lines. Blank lines after the insertion
// point stay.
void append_lines(Section& section, const std::vector<std::string>& lines, std::string_view newline,
                  const Placeholders& known);

// Inserts lines right after the heading (for newest-first lists such as
// Recent Context), replacing a placeholder the same way.
void prepend_lines(Section& section, const std::vector<std::string>& lines, std::string_view newline,
                   const Placeholders& known);

// Returns the section titled `title` at heading `level`, creating it if
// missing: at its place in `order` (the template's headings: before the first
// section of the note that comes after it there), else before "Related
// People" or the footer (a "---" rule followed by "*Last updated"), else at
// the end.
Section& ensure_section(Note& note, std::string_view title, int level = 2,
                        const std::vector<std::string>& order = {});

}  // namespace dossier
