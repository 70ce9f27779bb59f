// The Markdown note model. A note is split into raw pieces (BOM, frontmatter,
// sections) whose concatenation is the original file, byte for byte, so that
// dossier can edit one section and leave every other byte alone.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dossier {

// One top-level frontmatter value, in the shapes dossier reads.
struct FrontmatterValue {
  std::optional<std::string> scalar;  // the value when YAML reads it as a scalar (not null)
  std::optional<std::string> text;    // `scalar`, or an unquoted wiki link "[[Name]]" (YAML: a nested list)
  std::vector<std::string> list;      // `text` as one element, or the elements of a list that have a text
};

// The parsed view of a frontmatter: its top-level keys that are scalars, in
// order, the first of duplicate keys only. A key whose value is null, a map
// or a list of maps is present with nothing to read.
struct FrontmatterData {
  bool is_map = false;  // false for an empty frontmatter
  std::vector<std::pair<std::string, FrontmatterValue>> entries;

  const FrontmatterValue* find(std::string_view key) const;
};

struct Frontmatter {
  std::string raw;     // opening "---" line through the closing "---" line, EOLs included
  int first_line = 1;  // line of the opening "---"
  FrontmatterData data;
};

struct Section {
  int level = 0;       // 1..6 for ATX headings, 0 for the text before the first heading
  std::string title;   // heading text without the #'s and closing #'s, trimmed
  std::string raw;     // heading line plus body up to the next heading, exact bytes
  int first_line = 1;  // 1-based line where `raw` starts in the file
};

struct Note {
  std::string path;  // for error messages
  std::string bom;   // "\xEF\xBB\xBF" or empty
  std::optional<Frontmatter> frontmatter;
  std::vector<Section> sections;  // sections[0] is always the level-0 preamble (maybe empty)
  std::string newline = "\n";     // line ending for lines dossier inserts
};

struct ParseLimits {
  size_t max_bytes = size_t{16} * 1024 * 1024;
};

// Parses `bytes`. Throws InputError (path:line: message) for NUL bytes,
// invalid UTF-8, files over the limit, unterminated frontmatter and YAML that
// does not parse. Headings inside fenced code blocks (``` / ~~~, including
// ```dataview blocks) and HTML comments (<!-- -->) do not start sections.
Note parse_note(const std::string& path, std::string_view bytes, const ParseLimits& limits = {});

// The exact bytes of the note. render_note(parse_note(x)) == x.
std::string render_note(const Note& note);

// Recomputes every Section::first_line from the raw texts, after an edit
// added or removed lines.
void renumber_sections(Note& note);

// First section whose title equals `title` (Unicode case-insensitive), or null.
Section* find_section(Note& note, std::string_view title);
const Section* find_section(const Note& note, std::string_view title);
// The same, at heading `level` only: a "### Next Steps" inside the user's own
// section is not the "## Next Steps" a template made.
Section* find_section(Note& note, std::string_view title, int level);
const Section* find_section(const Note& note, std::string_view title, int level);

// Frontmatter lookups on the parsed view (empty / nullopt when absent or not
// of that shape; a scalar is returned as a one-element list).
std::optional<std::string> frontmatter_string(const Note& note, std::string_view key);
std::vector<std::string> frontmatter_list(const Note& note, std::string_view key);

}  // namespace dossier
