// The Markdown note model. A note is split into raw pieces (BOM, frontmatter,
// sections) whose concatenation is the original file, byte for byte, so that
// dossier can edit one section and leave every other byte alone.
#pragma once
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

struct Frontmatter {
  std::string raw;     // opening "---" line through the closing "---" line, EOLs included
  int first_line = 1;  // line of the opening "---"
  YAML::Node data;     // parsed view; a Null node for empty frontmatter

  // YAML::Node has reference semantics: `a = b` writes b's content into the
  // node a refers to, which every copy of a shares. Assigning a Frontmatter
  // (as std::sort or std::optional do) must rebind the handle instead, or
  // one meeting's frontmatter silently becomes another's.
  Frontmatter() = default;
  Frontmatter(std::string raw_text, int line, YAML::Node parsed)
      : raw(std::move(raw_text)), first_line(line), data(parsed) {}
  Frontmatter(const Frontmatter&) = default;
  Frontmatter& operator=(const Frontmatter& other) {
    raw = other.raw;
    first_line = other.first_line;
    data.reset(other.data);
    return *this;
  }
  Frontmatter(Frontmatter&& other) noexcept = default;
  Frontmatter& operator=(Frontmatter&& other) noexcept {
    raw = std::move(other.raw);
    first_line = other.first_line;
    data.reset(other.data);
    return *this;
  }
};

struct Section {
  int level = 0;       // 1..6 for ATX headings, 0 for the text before the first heading
  std::string title;   // heading text without the #'s and closing #'s, trimmed
  std::string raw;     // heading line plus body up to the next heading, exact bytes
  int first_line = 1;  // 1-based line where `raw` starts in the file
};

struct Note {
  std::string path;                       // for error messages
  std::string bom;                        // "\xEF\xBB\xBF" or empty
  std::optional<Frontmatter> frontmatter;
  std::vector<Section> sections;          // sections[0] is always the level-0 preamble (maybe empty)
  std::string newline = "\n";             // line ending for lines dossier inserts
};

struct ParseLimits {
  size_t max_bytes = 16 * 1024 * 1024;
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
