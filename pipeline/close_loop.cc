#include "pipeline/close_loop.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>

#include "pipeline/close_words.h"
#include "util/text.h"
#include "vault/yaml_file.h"

namespace dossier {

namespace {

std::set<std::string> word_set(const YAML::Node& node) {
  std::set<std::string> out;
  for (const YAML::Node& n : node) out.insert(casefold(n.as<std::string>()));
  return out;
}

std::vector<Words> phrase_list(const YAML::Node& node) {
  std::vector<Words> out;
  for (const YAML::Node& n : node) out.push_back(tokenize(n.as<std::string>()));
  // Longest first, so "no longer a blocker" wins over a shorter phrase inside it.
  std::stable_sort(out.begin(), out.end(),
                   [](const Words& a, const Words& b) { return a.size() > b.size(); });
  return out;
}

}  // namespace

const CloseLoopWords& close_loop_words() {
  static const CloseLoopWords data = [] {
    YAML::Node y = builtin_yaml("rules/close_loop.yaml");
    CloseLoopWords d;
    d.done_markers = word_set(y["done_markers"]);
    d.resolved_markers = word_set(y["resolved_markers"]);
    d.blocker_words = word_set(y["blocker_words"]);
    d.negations = word_set(y["negations"]);
    d.stopwords = word_set(y["stopwords"]);
    d.done_phrases = phrase_list(y["done_phrases"]);
    d.resolved_phrases = phrase_list(y["resolved_phrases"]);
    d.future = phrase_list(y["future"]);
    for (const auto& kv : y["irregular_past"])
      d.irregular_past[kv.first.as<std::string>()] = kv.second.as<std::string>();
    return d;
  }();
  return data;
}

namespace {

// Finds `phrase` in `words` as whole words; returns its start.
std::optional<size_t> find_phrase(const Words& words, const Words& phrase) {
  if (phrase.empty() || phrase.size() > words.size()) return std::nullopt;
  for (size_t i = 0; i + phrase.size() <= words.size(); ++i)
    if (std::equal(phrase.begin(), phrase.end(), words.begin() + i)) return i;
  return std::nullopt;
}

// Removes the first phrase of `phrases` found in `words`; returns whether one was.
bool take_phrase(Words& words, const std::vector<Words>& phrases) {
  for (const Words& phrase : phrases) {
    if (auto at = find_phrase(words, phrase)) {
      words.erase(words.begin() + *at, words.begin() + *at + phrase.size());
      return true;
    }
  }
  return false;
}

// The word of a "Done: ..." / "**Resolved** - ..." marker, and the text after it.
std::optional<std::pair<std::string, std::string_view>> marker_of(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == '*' || s[i] == '_' || s[i] == ' ')) ++i;
  size_t start = i;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  if (i == start) return std::nullopt;
  std::string word = casefold(s.substr(start, i - start));
  while (i < s.size() && (s[i] == '*' || s[i] == '_' || s[i] == ' ')) ++i;
  for (std::string_view sep : {":", "-", "–", "—"}) {
    if (s.substr(i).starts_with(sep)) return std::make_pair(word, trim(s.substr(i + sep.size())));
  }
  return std::nullopt;
}

std::vector<std::string_view> sentences(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    bool end = text[i] == ';' || ((text[i] == '.' || text[i] == '!' || text[i] == '?') &&
                                  (i + 1 == text.size() || text[i + 1] == ' '));
    if (!end) continue;
    out.push_back(trim(text.substr(start, i + 1 - start)));
    start = i + 1;
  }
  if (start < text.size() && !trim(text.substr(start)).empty()) out.push_back(trim(text.substr(start)));
  return out;
}

bool is_past_form(const CloseLoopWords& d, const std::string& w) {
  return d.irregular_past.count(w) || (w.size() > 4 && w.ends_with("ed"));
}

// The comma-separated clause of `sentence` that holds the report: "the deep
// dive happened, good turnout" is about the deep dive only.
Words report_clause(std::string_view sentence, const CloseLoopWords& d) {
  std::vector<Words> clauses;
  for (size_t start = 0; start <= sentence.size();) {
    size_t comma = std::min(sentence.find(',', start), sentence.size());
    clauses.push_back(tokenize(sentence.substr(start, comma - start)));
    start = comma + 1;
  }
  for (const Words& clause : clauses) {
    Words probe = clause;
    if (take_phrase(probe, d.resolved_phrases) || take_phrase(probe, d.done_phrases)) return clause;
  }
  for (const Words& clause : clauses)
    if (std::any_of(clause.begin(), clause.end(), [&](const std::string& w) { return is_past_form(d, w); }))
      return clause;
  return {};
}

std::optional<ClosingReport> report_of(std::string_view sentence, bool ticked, int line) {
  const CloseLoopWords& d = close_loop_words();
  if (sentence.ends_with("?")) return std::nullopt;
  ClosingReport report;
  report.line = line;
  report.marked = ticked;
  Words words;
  auto marker = marker_of(sentence);
  if (marker && d.done_markers.count(marker->first)) {
    report.generic = report.marked = true;
    words = tokenize(marker->second);
  } else if (marker && d.resolved_markers.count(marker->first)) {
    report.kind = ClosingReport::Kind::resolved;
    report.marked = true;
    words = tokenize(marker->second);
  } else if (ticked) {
    report.generic = true;
    words = tokenize(sentence);
  } else {
    words = report_clause(sentence, d);
    if (take_phrase(words, d.resolved_phrases)) {
      report.kind = ClosingReport::Kind::resolved;
    } else if (take_phrase(words, d.done_phrases)) {
      report.generic = true;
    } else if (words.empty()) {
      return std::nullopt;
    }
  }
  // Negations and future tense anywhere in the sentence, not only the clause.
  Words whole = tokenize(sentence);
  take_phrase(whole, d.resolved_phrases);  // "no longer a blocker" is no negation
  for (const std::string& w : whole)
    if (d.negations.count(w)) return std::nullopt;
  for (const Words& phrase : d.future)
    if (find_phrase(whole, phrase)) return std::nullopt;
  report.raw = words;
  for (const std::string& w : words)
    if (!d.stopwords.count(w)) report.words.push_back(w);
  if (report.words.empty()) return std::nullopt;
  return report;
}

}  // namespace

std::vector<ClosingReport> closing_reports(const Meeting& meeting) {
  std::vector<ClosingReport> out;
  for_each_body_line(meeting, [&](std::string_view text, int line) {
    std::string_view bare = strip_list_marker(text);
    std::string_view box = text.substr(0, text.size() - bare.size());
    if (box.find("[ ]") != std::string_view::npos) return;  // still open
    bool ticked = box.find("[x]") != std::string_view::npos || box.find("[X]") != std::string_view::npos;
    for (std::string_view sentence : sentences(bare))
      if (auto report = report_of(sentence, ticked, line)) out.push_back(std::move(*report));
  });
  return out;
}

}  // namespace dossier
