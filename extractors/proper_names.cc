#include "extractors/proper_names.h"

#include <yaml-cpp/yaml.h>

#include <cctype>

#include "util/error.h"
#include "util/text.h"
#include "util/unicode.h"
#include "vault/templates.h"
#include "vault/yaml_file.h"

namespace dossier {
namespace {

struct Span {
  size_t begin = 0, end = 0;
};

// The word (word characters, inner '-' and '&' allowed) starting at `pos`.
Span word_from(std::string_view text, size_t pos) {
  size_t end = pos;
  while (end < text.size()) {
    char32_t cp;
    size_t n = decode_utf8(text, end, cp);
    if (!is_word_char(cp) && !(end > pos && (cp == '-' || cp == '&'))) break;
    end += n;
  }
  return {pos, end};
}

// The word ending at `end`.
Span word_before(std::string_view text, size_t end) {
  size_t begin = end;
  while (begin > 0) {
    size_t prev = previous_char_start(text, begin);
    char32_t cp;
    decode_utf8(text, prev, cp);
    if (!is_word_char(cp) && !(cp == '-' && prev > 0)) break;
    begin = prev;
  }
  return {begin, end};
}

// "AWS", "IBM": every letter a capital, at least two, no digit.
bool acronym(std::string_view word) { return all_capitals(word) && !has_digit(word); }

// Nothing but blanks, list or heading syntax between the line (or sentence)
// start and `pos`.
bool opens_sentence(std::string_view text, size_t pos) {
  while (pos > 0) {
    char c = text[pos - 1];
    if (c == '\n' || c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' || c == '(')
      return true;
    if (!is_blank(c) && c != '#' && c != '-' && c != '*' && c != '>' && c != '+' && c != '[' && c != ']')
      return false;
    --pos;
  }
  return true;
}

}  // namespace

NameBoundaries NameBoundaries::parse(std::string_view yaml, const std::string& file) {
  YAML::Node root = parse_yaml(yaml, file);
  NameBoundaries out;
  if (root.IsNull()) return out;
  if (!root.IsMap()) fail_at(file, root, "a names file must be a map (joiners, deal_words)");
  for (const auto& kv : root) {
    std::string key = kv.first.Scalar();
    if (key != "joiners" && key != "deal_words")
      fail_at(file, kv.first, "unknown key '" + key + "' (known: joiners, deal_words)");
    if (!kv.second.IsSequence()) fail_at(file, kv.second, "'" + key + "' must be a list of words");
    for (const YAML::Node& w : kv.second)
      (key == "joiners" ? out.joiners_ : out.deal_words_).insert(casefold(w.Scalar()));
  }
  return out;
}

bool NameBoundaries::speaks_of_a_deal(std::string_view text) const {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
    size_t begin = i;
    while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
    if (i > begin && deal_words_.count(casefold(text.substr(begin, i - begin)))) return true;
  }
  return false;
}

NameBoundaries NameBoundaries::builtin() {
  auto text = builtin_template("names.yaml");
  if (!text) throw ConfigError("templates/names.yaml", 1, "built-in names file missing");
  return parse(*text, "templates/names.yaml");
}

std::optional<std::pair<size_t, size_t>> NameBoundaries::longer_name(std::string_view text, size_t begin,
                                                                     size_t end) const {
  auto names_another = [&](std::string_view word) {
    return starts_upper(word) && !has_digit(word) && !joiners_.count(casefold(word));
  };
  // The capitalised word right after `pos` (blanks between), if it names another.
  auto next_name_word = [&](size_t pos) -> std::optional<Span> {
    size_t after = pos;
    while (after < text.size() && is_blank(text[after])) ++after;
    if (after == pos || after >= text.size()) return std::nullopt;
    Span w = word_from(text, after);
    std::string_view word = text.substr(w.begin, w.end - w.begin);
    if (!names_another(word) || acronym(word)) return std::nullopt;  // "Summit QBR"
    return w;
  };
  auto previous_name_word = [&](size_t pos) -> std::optional<Span> {
    size_t before = pos;
    while (before > 0 && is_blank(text[before - 1])) --before;
    if (before == pos || before == 0) return std::nullopt;
    Span w = word_before(text, before);
    std::string_view word = text.substr(w.begin, w.end - w.begin);
    if (!names_another(word) || (!acronym(word) && opens_sentence(text, w.begin))) return std::nullopt;
    return w;
  };
  size_t first = begin, last = end;
  for (auto w = next_name_word(last); w; w = next_name_word(last)) last = w->end;  // "Summit London"
  for (auto w = previous_name_word(first); w; w = previous_name_word(first))
    first = w->begin;  // "AWS Lambda"
  if (first == begin && last == end) return std::nullopt;
  return std::make_pair(first, last);
}

}  // namespace dossier
