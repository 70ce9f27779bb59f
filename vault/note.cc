#include "vault/note.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "vault/frontmatter_yaml.h"
#include "vault/markdown_line.h"

#include "util/error.h"
#include "util/text.h"

namespace dossier {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// A line without its line ending and trailing blanks, a stray '\r' among them.
std::string_view rstrip_line(std::string_view line) { return rstrip(strip_eol(line), " \t\r"); }

bool is_frontmatter_open(std::string_view line) { return rstrip_line(line) == "---"; }

bool is_frontmatter_close(std::string_view line) {
  std::string_view content = rstrip_line(line);
  return content == "---" || content == "...";
}

Frontmatter parse_frontmatter(const std::string& path, std::string_view raw, std::string_view yaml,
                              int first_line) {
  YAML::Node document;
  try {
    document = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    // yaml-cpp marks "not closed" errors at the end of the text, which is the
    // closing "---"; point at the last YAML line instead, nearer the cause.
    int last_yaml_line = first_line + line_of_offset(yaml, yaml.size()) - 1;
    int line = std::min(first_line + 1 + std::max(e.mark.line, 0), last_yaml_line);
    throw InputError(path, line, "frontmatter is not valid YAML: " + e.msg);
  }
  if (document.IsDefined() && !document.IsNull() && !document.IsMap()) {
    throw InputError(path, first_line + 1, "frontmatter is not a map of keys to values");
  }
  return Frontmatter{std::string(raw), first_line, frontmatter_data(document)};
}

// Whether an HTML comment is still open at the end of `line`, given whether
// one was open at its start. A heading commented out (a template's "<!--
// ## Key Facts -->" block) is no section.
bool ends_in_comment(std::string_view line, bool open) {
  for (size_t at = 0;;) {
    size_t next = line.find(open ? "-->" : "<!--", at);
    if (next == std::string_view::npos) return open;
    at = next + (open ? 3 : 4);
    open = !open;
  }
}

// Splits the body (text after the frontmatter) into sections at ATX headings
// outside fenced code blocks and HTML comments.
std::vector<Section> split_sections(std::string_view body, int first_line) {
  std::vector<Section> sections(1);
  sections[0].first_line = first_line;
  std::optional<Fence> open_fence;
  bool in_comment = false;
  int line_number = first_line;
  for (std::string_view line : split_lines(body)) {
    if (in_comment) {
      in_comment = ends_in_comment(line, true);
    } else if (open_fence) {
      if (closes_fence(line, *open_fence)) open_fence.reset();
    } else if (auto fence = fence_of(line)) {
      open_fence = fence;
    } else {
      if (auto heading = heading_of(line))
        sections.push_back(Section{heading->level, std::string(heading->title), "", line_number});
      in_comment = ends_in_comment(line, false);
    }
    sections.back().raw += line;
    ++line_number;
  }
  return sections;
}

const FrontmatterValue* frontmatter_value(const Note& note, std::string_view key) {
  return note.frontmatter ? note.frontmatter->data.find(key) : nullptr;
}

}  // namespace

Note parse_note(const std::string& path, std::string_view bytes, const ParseLimits& limits) {
  check_text_input(path, bytes, limits.max_bytes);
  Note note;
  note.path = path;
  note.newline = std::string(detect_newline(bytes));
  std::string_view rest = bytes;
  if (rest.substr(0, kBom.size()) == kBom) {
    note.bom = std::string(kBom);
    rest.remove_prefix(kBom.size());
  }

  int body_first_line = 1;
  std::vector<std::string_view> lines = split_lines(rest);
  if (!lines.empty() && is_frontmatter_open(lines[0]) && lines[0].back() == '\n') {
    size_t close = 1;
    while (close < lines.size() && !is_frontmatter_close(lines[close])) ++close;
    if (close == lines.size()) {
      throw InputError(path, 1, "frontmatter opened with '---' is never closed");
    }
    size_t yaml_begin = lines[0].size();
    size_t raw_end = static_cast<size_t>(lines[close].data() - rest.data()) + lines[close].size();
    size_t yaml_end = static_cast<size_t>(lines[close].data() - rest.data());
    note.frontmatter =
        parse_frontmatter(path, rest.substr(0, raw_end), rest.substr(yaml_begin, yaml_end - yaml_begin), 1);
    rest.remove_prefix(raw_end);
    body_first_line = line_of_offset(note.frontmatter->raw, note.frontmatter->raw.size());
  }
  note.sections = split_sections(rest, body_first_line);
  return note;
}

std::string render_note(const Note& note) {
  std::string out = note.bom;
  if (note.frontmatter) out += note.frontmatter->raw;
  for (const Section& section : note.sections) out += section.raw;
  return out;
}

void renumber_sections(Note& note) {
  // Lines a piece adds to the file: its number of line endings.
  auto line_count = [](std::string_view text) { return line_of_offset(text, text.size()) - 1; };
  int line = 1 + (note.frontmatter ? line_count(note.frontmatter->raw) : 0);
  for (Section& section : note.sections) {
    section.first_line = line;
    line += line_count(section.raw);
  }
}

Section* find_section(Note& note, std::string_view title) {
  return const_cast<Section*>(find_section(static_cast<const Note&>(note), title));
}

const Section* find_section(const Note& note, std::string_view title) {
  std::string wanted = casefold(trim(title));
  for (const Section& section : note.sections) {
    if (section.level > 0 && casefold(section.title) == wanted) return &section;
  }
  return nullptr;
}

Section* find_section(Note& note, std::string_view title, int level) {
  return const_cast<Section*>(find_section(static_cast<const Note&>(note), title, level));
}

const Section* find_section(const Note& note, std::string_view title, int level) {
  std::string wanted = casefold(trim(title));
  for (const Section& section : note.sections) {
    if (section.level == level && casefold(section.title) == wanted) return &section;
  }
  return nullptr;
}

const FrontmatterValue* FrontmatterData::find(std::string_view key) const {
  for (const auto& [name, value] : entries)
    if (name == key) return &value;
  return nullptr;
}

std::optional<std::string> frontmatter_string(const Note& note, std::string_view key) {
  const FrontmatterValue* value = frontmatter_value(note, key);
  return value ? value->text : std::nullopt;
}

std::vector<std::string> frontmatter_list(const Note& note, std::string_view key) {
  const FrontmatterValue* value = frontmatter_value(note, key);
  return value ? value->list : std::vector<std::string>();
}

}  // namespace dossier
