#include "pipeline/supersede.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "pipeline/close_loop.h"
#include "pipeline/dedupe.h"
#include "pipeline/merge_lines.h"
#include "pipeline/words.h"
#include "util/text.h"
#include "vault/yaml_file.h"

namespace dossier {

namespace {

struct SupersedeWords {
  std::set<std::string> months, states, change_words;
};

// Parsed once: the built-in list is constant data, like the built-in rules.
const SupersedeWords& words_data() {
  static const SupersedeWords data = [] {
    YAML::Node y = builtin_yaml("rules/supersede.yaml");
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

// Whether `line` is one `fresh` supersedes, leaving ambiguity aside.
bool supersedes(const Shape& fresh, const std::string& line, std::string_view meeting_name,
                std::string_view meeting_date) {
  // A placeholder line holds no value, so none is taken for an entry here.
  if (is_struck(line) || is_open_task(line) || !is_entry_line(line, {})) return false;
  if (links_to(line, meeting_name) || links_newer_meeting(line, meeting_date)) return false;
  Shape old = shape_of(line);
  if (old.values.empty() || old.values == fresh.values || old.values.size() != fresh.values.size())
    return false;
  if (old.years != fresh.years) return false;  // values of different years are different things
  return same_subject(old, fresh);
}

// Lines that may be superseded by one another have as many values and the
// same years: the index keeps them apart by that.
uint64_t shape_group(const Shape& shape) {
  uint64_t h = shape.values.size() * 0x9e3779b97f4a7c15ULL;
  for (const std::string& year : shape.years) h = (h ^ std::hash<std::string>{}(year)) * 0x100000001b3ULL + 1;
  return h;
}

std::vector<std::string> subject_words(const Shape& shape) {
  return {shape.subject.begin(), shape.subject.end()};
}

// same_subject() holds only for subjects with a Jaccard overlap of at least this.
constexpr double kSubjectOverlap = 0.6;

}  // namespace

std::optional<size_t> superseded_line(std::string_view new_text, const std::vector<std::string>& lines,
                                      std::string_view meeting_name, std::string_view meeting_date) {
  Shape fresh = shape_of(new_text);
  if (fresh.values.empty()) return std::nullopt;
  std::optional<size_t> found;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!supersedes(fresh, lines[i], meeting_name, meeting_date)) continue;
    if (found) return std::nullopt;  // ambiguous: strike nothing
    found = i;
  }
  return found;
}

SupersedeIndex::SupersedeIndex() : subjects_(kSubjectOverlap) {}

void SupersedeIndex::set(size_t id, std::string_view line) {
  auto entry = static_cast<uint32_t>(entries_.size());
  entries_.push_back({id, std::string(line), {}});
  latest_[id] = entry;
  Shape shape = shape_of(line);
  // A line without values or subject is never superseded: not indexed.
  if (shape.values.empty() || shape.subject.empty()) return;
  entries_.back().subject = tokens_.intern(subject_words(shape));
  subjects_.add(entries_.back().subject, shape_group(shape), entry);
}

std::optional<size_t> SupersedeIndex::find(std::string_view new_text, std::string_view meeting_name,
                                           std::string_view meeting_date) const {
  Shape fresh = shape_of(new_text);
  if (fresh.values.empty() || fresh.subject.empty()) return std::nullopt;
  std::vector<uint32_t> subject = tokens_.lookup(subject_words(fresh));
  std::vector<uint32_t> ids;
  for (uint32_t entry : subjects_.candidates(subject, shape_group(fresh))) {
    auto it = latest_.find(entries_[entry].id);
    if (it != latest_.end() && it->second == entry)
      ids.push_back(entry);  // a line's older text is no candidate
  }
  std::optional<size_t> found;
  for (uint32_t entry : ids) {
    ++comparisons_;
    // same_subject() needs this overlap: a cheap test before reading the line again.
    if (jaccard(subject, entries_[entry].subject) + 1e-9 < kSubjectOverlap) continue;
    if (!supersedes(fresh, entries_[entry].text, meeting_name, meeting_date)) continue;
    if (found) return std::nullopt;  // ambiguous: strike nothing
    found = entries_[entry].id;
  }
  return found;
}

}  // namespace dossier
