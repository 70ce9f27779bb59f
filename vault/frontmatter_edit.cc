#include "vault/frontmatter_edit.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <string>
#include <unordered_map>
#include <vector>

#include "util/error.h"
#include "util/text.h"
#include "vault/frontmatter_yaml.h"

namespace dossier {

namespace {

// Does `line` (at column 0) define the top-level `key`? Accepts `key:`,
// `key :`, and the quoted forms `"key":` / `'key':`. Returns the offset just
// past the ':' if so.
std::optional<size_t> key_colon_end(std::string_view line, std::string_view key) {
  line = strip_eol(line);
  for (std::string_view quote : {"", "\"", "'"}) {
    std::string spelled = std::string(quote) + std::string(key) + std::string(quote);
    if (line.substr(0, spelled.size()) != spelled) continue;
    size_t colon = spelled.size();
    while (colon < line.size() && line[colon] == ' ') ++colon;
    if (colon >= line.size() || line[colon] != ':') continue;
    size_t after = colon + 1;
    if (after == line.size() || line[after] == ' ' || line[after] == '\t') return after;
  }
  return std::nullopt;
}

// Offset in `value` of the whitespace that precedes a trailing "# comment",
// ignoring '#' inside quotes; npos if there is none.
size_t trailing_comment_start(std::string_view value) {
  char quote = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if ((c == '\'' || c == '"') &&
               (i == 0 || std::string_view(" \t[{,").find(value[i - 1]) != std::string_view::npos)) {
      quote = c;  // an apostrophe inside a plain word ("it's") opens nothing
    } else if (c == '#' && (i == 0 || value[i - 1] == ' ' || value[i - 1] == '\t')) {
      size_t start = i;
      while (start > 0 && (value[start - 1] == ' ' || value[start - 1] == '\t')) --start;
      return start;
    }
  }
  return std::string_view::npos;
}

// A line that continues the value of the key above it: indented, or a
// block-sequence item written at column 0.
bool is_continuation(std::string_view line) {
  std::string_view content = strip_eol(line);
  if (content.empty()) return false;
  if (content[0] == ' ' || content[0] == '\t') return !is_blank(content);
  return content == "-" || content.substr(0, 2) == "- " || content.substr(0, 2) == "-\t";
}

// Index one past the last continuation line of the key on line `key_line`.
// Blank lines and column-0 comments count only when more continuation
// follows them: trailing ones belong to whatever comes next.
// An indented comment is the user's note about the keys around it unless the
// value is a block scalar ("|" or ">"), whose text it is part of.
size_t value_end(const std::vector<std::string_view>& lines, size_t key_line, size_t limit,
                 bool block_scalar) {
  size_t end = key_line + 1;
  for (size_t i = key_line + 1; i < limit; ++i) {
    bool comment = trim(lines[i]).starts_with("#");
    if (is_continuation(lines[i]) && (block_scalar || !comment)) {
      end = i + 1;
    } else if (!is_blank(lines[i]) && !comment) {
      break;
    }
  }
  return end;
}

// `value` with every "\n" turned into the note's line ending.
std::string with_newline(std::string_view value, std::string_view newline) {
  std::string out;
  for (char c : value) {
    if (c == '\n') {
      out += newline;
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

std::string edited_raw(const std::string& raw, std::string_view key, std::string_view value,
                       std::string_view newline) {
  std::vector<std::string_view> lines = split_lines(raw);
  size_t closing = lines.size() - 1;
  std::string out(lines[0]);
  bool done = false;
  for (size_t i = 1; i < closing; ++i) {
    auto colon_end = done ? std::nullopt : key_colon_end(lines[i], key);
    if (!colon_end) {
      out += lines[i];
      continue;
    }
    std::string_view content = strip_eol(lines[i]);
    std::string_view old_value = content.substr(*colon_end);
    size_t comment = trailing_comment_start(old_value);
    out += content.substr(0, *colon_end);
    out += " ";
    out += value;
    if (comment != std::string_view::npos) out += old_value.substr(comment);
    out += eol_of(lines[i]);
    std::string_view scalar =
        trim(old_value.substr(0, comment == std::string_view::npos ? old_value.size() : comment));
    bool block_scalar = scalar.starts_with("|") || scalar.starts_with(">");
    i = value_end(lines, i, closing, block_scalar) - 1;
    done = true;
  }
  if (!done) out += std::string(key) + ": " + std::string(value) + std::string(newline);
  out += lines[closing];
  return out;
}

bool is_plain_number_like(std::string_view s) {
  size_t i = (s[0] == '+' || s[0] == '-' || s[0] == '.') ? 1 : 0;
  return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]));
}

bool is_reserved_word(std::string_view s) {
  std::string lower = casefold(s);
  for (std::string_view word :
       {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf", ".nan"}) {
    if (lower == word) return true;
  }
  return false;
}

bool needs_quotes(std::string_view s) {
  if (s.empty() || is_reserved_word(s) || is_plain_number_like(s)) return true;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s[0]) != std::string_view::npos) return true;
  if (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t') return true;
  if (s.back() == ':') return true;
  return s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos ||
         s.find('\t') != std::string_view::npos;
}

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The top-level entries of a map, key to scalar value ("" for any other
// shape). Built once so that comparing two maps stays linear in their keys.
std::unordered_map<std::string, std::string> top_level_entries(const FrontmatterData& map) {
  std::unordered_map<std::string, std::string> entries;
  for (const auto& [key, value] : map.entries) entries.emplace(key, value.scalar.value_or(""));
  return entries;
}

// yaml-cpp is lenient where other parsers are not (a block key after a flow
// map is silently dropped, for one): an edit counts only if the result is
// one document, a map, in which `key` reads back as the new value and every
// other top-level key as before. `old` is null for a note without frontmatter.
bool reads_back(const FrontmatterData& data, const FrontmatterData* old, std::string_view key,
                const std::string& value) {
  if (!data.is_map) return false;
  YAML::Node wanted;
  try {
    wanted = YAML::Load(value);
  } catch (const YAML::Exception&) {
    return false;
  }
  std::unordered_map<std::string, std::string> now = top_level_entries(data);
  std::string k(key);
  auto edited = now.find(k);
  if (edited == now.end() || (wanted.IsScalar() && edited->second != wanted.Scalar())) return false;
  if (!old || !old->is_map) return true;
  for (const auto& [other, before] : top_level_entries(*old)) {
    if (other == k) continue;
    auto after = now.find(other);
    if (after == now.end() || after->second != before) return false;
  }
  return true;
}

}  // namespace

bool set_frontmatter_value(Note& note, std::string_view key, std::string_view yaml_value) {
  std::string value = with_newline(yaml_value, note.newline);
  std::string raw;
  int first_line = 1;
  if (note.frontmatter) {
    raw = edited_raw(note.frontmatter->raw, key, value, note.newline);
    first_line = note.frontmatter->first_line;
  } else {
    raw = "---" + note.newline + std::string(key) + ": " + value + note.newline + "---" + note.newline;
  }
  std::vector<std::string_view> lines = split_lines(raw);
  std::string yaml;
  for (size_t i = 1; i + 1 < lines.size(); ++i) yaml += lines[i];
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(yaml);
  } catch (const YAML::Exception& e) {
    // Leave the note untouched: the caller passed a value that is not YAML.
    throw InputError(note.path, first_line,
                     "setting '" + std::string(key) + "' would make the frontmatter invalid: " + e.msg);
  }
  if (documents.size() != 1) return false;
  Frontmatter edited{std::move(raw), first_line, frontmatter_data(documents[0])};
  if (!reads_back(edited.data, note.frontmatter ? &note.frontmatter->data : nullptr, key, value))
    return false;
  note.frontmatter = std::move(edited);
  renumber_sections(note);
  return true;
}

std::string yaml_scalar(std::string_view s) {
  if (s.find_first_of("\r\n") != std::string_view::npos) return double_quoted(s);
  if (!needs_quotes(s)) return std::string(s);
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

int frontmatter_key_line(const Note& note, std::string_view key) {
  if (!note.frontmatter) return 0;
  int line = note.frontmatter->first_line;
  for (std::string_view raw : split_lines(note.frontmatter->raw)) {
    std::string_view l = strip_eol(raw);
    if (l.substr(0, key.size()) == key && l.substr(key.size(), 1) == ":") return line;
    ++line;
  }
  return 0;
}

int frontmatter_text_line(const Note& note, std::string_view text, int from_line) {
  if (!note.frontmatter) return 0;
  int line = note.frontmatter->first_line;
  for (std::string_view raw : split_lines(note.frontmatter->raw)) {
    if (line >= from_line && raw.find(text) != std::string_view::npos) return line;
    ++line;
  }
  return 0;
}

}  // namespace dossier
