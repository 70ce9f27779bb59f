// Section edits. Lines are given without line endings; the note's own line
// ending is used for inserted lines. Edits on a single Section leave the
// first_line of later sections stale: call renumber_sections(note) if needed.
#pragma once
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "vault/markdown_line.h"
#include "vault/note.h"

namespace dossier {

// A section's raw text as owned lines, each with its own line ending: what
// every line-level edit of a section works on. Joined, the lines give the
// section back byte for byte.
struct SectionLines {
  std::vector<std::string> lines;
  size_t body_begin = 0;  // 1 when line 0 is the heading
  size_t body_end = 0;    // the footer's "---" rule (markdown_line.h), or the end

  explicit SectionLines(const Section& section);
  std::string joined() const;
  // Inserts `added` (without endings) before line `at`, ending each with
  // `newline`; a last line without an ending gets one first.
  void insert(size_t at, const std::vector<std::string>& added, std::string_view newline);
  // Replaces line `at` by `added`; the last new line keeps the old line's ending.
  void replace(size_t at, const std::vector<std::string>& added, std::string_view newline);
};

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
