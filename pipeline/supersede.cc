#include "pipeline/supersede.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "pipeline/close_loop.h"
#include "pipeline/dedupe.h"
#include "pipeline/merge_lines.h"
#include "pipeline/words.h"
#include "util/text.h"
#include "vault/templates.h"

namespace dossier {

namespace {

struct SupersedeWords {
  std::set<std::string> months, states, change_words;
};

// Parsed once: the built-in list is constant data, like the built-in rules.
const SupersedeWords& words_data() {
  static const SupersedeWords data = [] {
    YAML::Node y = YAML::Load(std::string(builtin_template("rules/supersede.yaml").value()));
    SupersedeWords d;
    for (const YAML::Node& n : y["months"]) d.months.insert(n.as<std::string>());
    for (const YAML::Node& n : y["states"]) d.states.insert(n.as<std::string>());
    for (const YAML::Node& n : y["change_words"]) d.change_words.insert(n.as<std::string>());
    return d;
  }();
  return data;
}

struct Shape {
  std::set<std::string> subject;  // stems
  std::multiset<std::string> values, years;
};

bool is_year(const std::string& w) {
  return w.size() == 4 && (w.starts_with("19") || w.starts_with("20")) &&
         std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c); });
}

Shape shape_of(std::string_view line) {
  const SupersedeWords& d = words_data();
  std::string_view text = strip_list_marker(strip_eol(line));
  if (auto prov = provenance_start(text)) text = text.substr(0, *prov);
  Shape shape;
  for (const std::string& w : tokenize(text)) {
    if (has_digit(w) || d.months.count(w) || d.states.count(w)) {
      (is_year(w) ? shape.years : shape.values).insert(w);
    } else if (!d.change_words.count(w)) {
      shape.subject.insert(stem(w));
    }
  }
  // A year alone is the value ("go-live 2026" -> "go-live 2027"); beside
  // other values it says which thing they belong to.
  if (shape.values.empty()) std::swap(shape.values, shape.years);
  return shape;
}

bool same_subject(const Shape& a, const Shape& b) {
  if (a.subject.empty() || b.subject.empty()) return false;
  if (a.subject == b.subject) return true;
  size_t common = 0;
  for (const std::string& w : a.subject) common += b.subject.count(w);
  size_t all = a.subject.size() + b.subject.size() - common;
  return common >= 2 && common * 10 >= all * 6;
}

}  // namespace

std::optional<size_t> superseded_line(std::string_view new_text, const std::vector<std::string>& lines,
                                      std::string_view meeting_name, std::string_view meeting_date) {
  Shape fresh = shape_of(new_text);
  if (fresh.values.empty()) return std::nullopt;
  std::optional<size_t> found;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    // A placeholder line holds no value, so none is taken for an entry here.
    if (is_struck(line) || is_open_task(line) || !is_entry_line(line, {})) continue;
    if (links_to(line, meeting_name) || links_newer_meeting(line, meeting_date)) continue;
    Shape old = shape_of(line);
    if (old.values.empty() || old.values == fresh.values || old.values.size() != fresh.values.size()) continue;
    if (old.years != fresh.years) continue;  // values of different years are different things
    if (!same_subject(old, fresh)) continue;
    if (found) return std::nullopt;  // ambiguous: strike nothing
    found = i;
  }
  return found;
}

}  // namespace dossier
