#include "vault/customer_template.h"

#include <utf8proc.h>

#include <algorithm>
#include <vector>

#include "util/error.h"
#include "util/text.h"
#include "util/unicode.h"
#include "vault/config.h"
#include "vault/frontmatter_edit.h"
#include "vault/note.h"
#include "vault/templates.h"

namespace dossier {

namespace {

constexpr size_t kMaxFileNameBytes = 120;

// Calls `visit(code_point, bytes)` for each code point; an invalid byte is
// visited as code point -1.
template <typename Visit>
void for_each_code_point(std::string_view s, Visit visit) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  for (size_t i = 0; i < s.size();) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    size_t length = n > 0 ? static_cast<size_t>(n) : 1;
    visit(n > 0 ? cp : -1, s.substr(i, length));
    i += length;
  }
}

bool is_control(utf8proc_int32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

// One line of text: control characters, line breaks and invalid bytes -> blanks.
std::string clean_value(std::string_view s) {
  std::string out;
  for_each_code_point(s, [&](utf8proc_int32_t cp, std::string_view bytes) {
    out += (cp < 0 || is_control(cp)) ? std::string(" ") : std::string(bytes);
  });
  return collapse_spaces(out);
}

std::string capitalised(std::string_view s) {
  utf8proc_int32_t cp = 0;
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                        static_cast<utf8proc_ssize_t>(s.size()), &cp);
  if (n <= 0) return std::string(s);
  utf8proc_uint8_t upper[4];
  utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), upper);
  return std::string(reinterpret_cast<const char*>(upper), static_cast<size_t>(m)) +
         std::string(s.substr(static_cast<size_t>(n)));
}

enum class Context { plain, table_cell, tag, single_quoted, double_quoted };

std::string escaped(std::string_view value, Context context) {
  std::string out;
  for (char c : value) {
    if (context == Context::table_cell && c == '|') out += '\\';
    if (context == Context::double_quoted && (c == '"' || c == '\\')) out += '\\';
    if (context == Context::tag && c == ' ') c = '-';
    out += c;
    if (context == Context::single_quoted && c == '\'') out += '\'';
  }
  return out;
}

struct Values {
  std::string name, today, status, status_capitalised;

  const std::string* lookup(std::string_view placeholder) const {
    placeholder = trim(placeholder);
    if (placeholder == "name" || placeholder == "title") return &name;
    if (placeholder == "today" || placeholder == "date" || placeholder.starts_with("date:")) {
      return &today;
    }
    if (placeholder == "status") return &status;
    if (placeholder == "Status") return &status_capitalised;
    return nullptr;
  }

  std::string fill(std::string_view text, Context context) const {
    return expand_placeholders(text, [&](std::string_view key) -> std::optional<std::string> {
      const std::string* value = lookup(key);
      return value ? std::optional<std::string>(escaped(*value, context)) : std::nullopt;
    });
  }
};

// A frontmatter line with placeholders: the value is filled and then quoted
// the way YAML needs, so that "Acme: Europe" or "#1 Corp" stays one string.
std::string fill_frontmatter_line(std::string_view content, const Values& values, bool in_tags) {
  size_t indent = content.find_first_not_of(' ');
  if (indent == std::string_view::npos) return std::string(content);
  size_t value_start = std::string_view::npos;
  if (content.substr(indent).starts_with("- ")) {
    value_start = indent + 2;
  } else if (size_t colon = content.find(": "); colon != std::string_view::npos) {
    value_start = colon + 2;
  }
  if (value_start == std::string_view::npos) return values.fill(content, Context::plain);
  std::string_view prefix = content.substr(0, value_start);
  std::string_view value = trim(content.substr(value_start));
  if (value.starts_with('\'')) return std::string(prefix) + values.fill(value, Context::single_quoted);
  if (value.starts_with('"')) return std::string(prefix) + values.fill(value, Context::double_quoted);
  bool is_tag = in_tags && content.substr(indent).starts_with("- ");
  return std::string(prefix) + yaml_scalar(values.fill(value, is_tag ? Context::tag : Context::plain));
}

// "| **Status** | x |" -> the status cell set to `status`.
std::string with_status_cell(std::string_view row, const std::string& status) {
  std::vector<std::string_view> cells;
  for (size_t start = 0;;) {
    size_t bar = row.find('|', start);
    cells.push_back(row.substr(start, bar == std::string_view::npos ? bar : bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  if (cells.size() < 4 || !trim(cells[0]).empty()) return std::string(row);
  std::string label(trim(cells[1]));
  label.erase(std::remove(label.begin(), label.end(), '*'), label.end());
  if (casefold(trim(label)) != "status") return std::string(row);
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += '|';
    if (i != 2) {
      out += cells[i];
      continue;
    }
    out += ' ';
    out += escaped(status, Context::table_cell);
    out += ' ';
  }
  return out;
}

// Substitutes line by line: frontmatter lines YAML-aware, table rows escaped.
std::string fill_lines(std::string_view text, const Values& values) {
  std::vector<std::string_view> lines = split_lines(text);
  bool in_frontmatter = !lines.empty() && trim(strip_eol(lines[0])) == "---";
  bool in_tags = false;
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view content = strip_eol(lines[i]);
    std::string_view eol = lines[i].substr(content.size());
    std::string filled;
    if (in_frontmatter && i > 0 && (trim(content) == "---" || trim(content) == "...")) {
      in_frontmatter = false;
      filled = content;
    } else if (in_frontmatter && i > 0) {
      if (!content.empty() && content[0] != ' ' && content[0] != '-' && content[0] != '#') {
        in_tags = trim(content.substr(0, content.find(':'))) == "tags";
      }
      filled = content.find("{{") == std::string_view::npos ? std::string(content)
                                                            : fill_frontmatter_line(content, values, in_tags);
    } else if (trim(content).starts_with("|")) {
      filled = with_status_cell(values.fill(content, Context::table_cell), values.status_capitalised);
    } else {
      filled = values.fill(content, Context::plain);
    }
    out += filled;
    out += eol;
  }
  return out;
}

// Adds the customer keys a vault template may lack; the built-in one has them.
std::string with_customer_frontmatter(const std::string& text, const Values& values) {
  Note note = parse_note("template", text);
  bool edited = false;
  if (!frontmatter_string(note, "type")) {
    set_frontmatter_value(note, "type", "customer");
    edited = true;
  }
  if (frontmatter_string(note, "auto_created").value_or("") != "true") {
    set_frontmatter_value(note, "auto_created", "true");
    edited = true;
  }
  if (!frontmatter_string(note, "status")) {
    set_frontmatter_value(note, "status", yaml_scalar(values.status));
    edited = true;
  }
  std::vector<std::string> tags = frontmatter_list(note, "tags");
  bool tags_missing = false;
  for (const std::string& tag : {std::string("type/customer"), std::string("needs-review"),
                                 "status/" + escaped(values.status, Context::tag)}) {
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) {
      tags.push_back(tag);
      tags_missing = true;
    }
  }
  if (tags_missing) {
    std::string flow = "[";
    for (const std::string& tag : tags) flow += (flow.size() > 1 ? ", " : "") + yaml_scalar(tag);
    set_frontmatter_value(note, "tags", flow + "]");
    edited = true;
  }
  return edited ? render_note(note) : text;
}

std::string_view strip_dots_and_blanks(std::string_view s, bool leading) {
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.remove_suffix(1);
  while (leading && !s.empty() && (s.front() == '.' || s.front() == ' ')) s.remove_prefix(1);
  return s;
}

bool is_windows_device_name(std::string_view stem) {
  std::string base(stem.substr(0, stem.find('.')));
  while (!base.empty() && base.back() == ' ') base.pop_back();
  std::transform(base.begin(), base.end(), base.begin(),
                 [](char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; });
  if (base == "CON" || base == "PRN" || base == "AUX" || base == "NUL") return true;
  return base.size() == 4 && (base.starts_with("COM") || base.starts_with("LPT")) && base[3] >= '1' &&
         base[3] <= '9';
}

}  // namespace

std::string render_customer_template(std::string_view template_text, const std::string& name,
                                     const std::string& today, const std::string& status) {
  Values values;
  values.name = clean_value(name);
  values.today = clean_value(today);
  values.status = clean_value(status);
  if (values.status.empty()) values.status = "prospect";
  values.status_capitalised = capitalised(values.status);
  return with_customer_frontmatter(fill_lines(template_text, values), values);
}

std::string safe_note_file_name(std::string_view customer_name) {
  std::string cleaned;
  for_each_code_point(customer_name, [&](utf8proc_int32_t cp, std::string_view bytes) {
    bool forbidden =
        cp >= 0 && cp < 0x80 &&
        std::string_view("/\\:*?\"<>|#^[]").find(static_cast<char>(cp)) != std::string_view::npos;
    if (cp < 0 || forbidden) {
      cleaned += '-';
    } else if (is_control(cp)) {
      cleaned += ' ';
    } else {
      cleaned += bytes;
    }
  });
  std::string stem(strip_dots_and_blanks(collapse_spaces(cleaned), true));
  if (is_windows_device_name(stem)) {
    size_t dot = stem.find('.');
    stem.insert(dot == std::string::npos ? stem.size() : dot, 1, '_');
  }
  size_t limit = kMaxFileNameBytes - 3;  // room for ".md"
  if (stem.size() > limit) {
    size_t cut = char_start(stem, limit);
    stem = std::string(strip_dots_and_blanks(std::string_view(stem).substr(0, cut), false));
  }
  if (stem.empty()) stem = "Unnamed customer";
  return stem + ".md";
}

std::string remap_template_sections(std::string_view note_text,
                                    const std::map<std::string, std::string>& sections) {
  Note note = parse_note("template", note_text);
  bool changed = false;
  for (const auto& [kind, default_heading] : Config::default_sections()) {
    auto mapped = sections.find(kind);
    if (mapped == sections.end() || iequals(trim(mapped->second), default_heading)) continue;
    if (find_section(note, mapped->second)) continue;
    Section* section = find_section(note, default_heading);
    if (!section) continue;
    std::string_view first_line = split_lines(section->raw).front();
    std::string_view eol = first_line.substr(strip_eol(first_line).size());
    std::string rest = section->raw.substr(first_line.size());
    section->raw = std::string(static_cast<size_t>(section->level), '#') + " " +
                   std::string(trim(mapped->second)) + std::string(eol) + rest;
    section->title = std::string(trim(mapped->second));
    changed = true;
  }
  return changed ? render_note(note) : std::string(note_text);
}

std::vector<std::string> section_titles(std::string_view note_text) {
  std::vector<std::string> titles;
  for (const Section& s : parse_note("template", note_text).sections)
    if (s.level > 0) titles.push_back(s.title);
  return titles;
}

int TemplateShape::level_of(std::string_view title) const {
  auto it = section_levels.find(casefold(trim(title)));
  return it == section_levels.end() ? 2 : it->second;
}

TemplateShape template_shape(std::string_view template_text) {
  TemplateShape shape;
  auto add_placeholders = [&](std::string_view text) {
    for (std::string_view line : split_lines(text))
      if (is_placeholder_line(line)) shape.placeholders.emplace(trim(line));
  };
  add_placeholders(*builtin_template("placeholders.txt"));
  add_placeholders(*builtin_template("customer.md"));
  add_placeholders(template_text);
  try {
    Note note = parse_note("template", template_text);
    for (const Section& section : note.sections)
      if (section.level > 0) shape.section_levels.emplace(casefold(section.title), section.level);
  } catch (const InputError&) {
    // A template that does not parse fails where it is rendered, with its line.
  }
  return shape;
}

}  // namespace dossier
