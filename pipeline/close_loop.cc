#include "pipeline/close_loop.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "pipeline/dedupe.h"
#include "pipeline/merge_lines.h"
#include "pipeline/words.h"
#include "util/text.h"
#include "vault/yaml_file.h"

namespace dossier {

namespace {

struct CloseLoopWords {
  std::set<std::string> done_markers, resolved_markers, blocker_words, negations, stopwords;
  std::vector<Words> done_phrases, resolved_phrases, future;
  std::map<std::string, std::string> irregular_past;
};

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

// Parsed once: the built-in list is constant data, like the built-in rules.
const CloseLoopWords& words_data() {
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
  const CloseLoopWords& d = words_data();
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

// The words of a note line that say what it is about: list marker,
// checkbox, provenance, links' brackets and dates left out.
Words line_words(std::string_view line) {
  std::string_view text = strip_list_marker(strip_eol(line));
  if (auto prov = provenance_start(text)) text = text.substr(0, *prov);
  std::string cleaned(text);
  for (size_t i = 0; i + 10 <= cleaned.size(); ++i)
    if (is_iso_date(std::string_view(cleaned).substr(i, 10))) cleaned.replace(i, 10, " ");
  return tokenize(cleaned);
}

// A note line as matching reads it: its words and their stems.
struct LineWords {
  Words words;
  std::vector<std::string> stems;
};

LineWords read_line(std::string_view line) {
  LineWords out{line_words(line), {}};
  for (const std::string& w : out.words) out.stems.push_back(stem(w));
  return out;
}

bool matches(const ClosingReport& report, const LineWords& line) {
  const CloseLoopWords& d = words_data();
  const Words& all = line.words;
  size_t first = 0;
  // "Jane to send ...", "Jane will send ...": the owner, then the verb.
  if (all.size() > 2 && (all[1] == "to" || all[1] == "will")) first = 2;
  std::set<std::string> verb_stems;
  if (report.kind == ClosingReport::Kind::done) {
    while (first < all.size() && d.stopwords.count(all[first])) ++first;
    if (first >= all.size()) return false;
    verb_stems.insert(line.stems[first]);
    bool said = std::any_of(report.raw.begin(), report.raw.end(), [&](const std::string& w) {
      auto irregular = d.irregular_past.find(w);
      if (irregular != d.irregular_past.end()) return irregular->second == all[first];
      return w.size() > 4 && w.ends_with("ed") && stem(w) == line.stems[first];
    });
    if (!report.generic && !said) return false;
    ++first;
  }
  std::set<std::string> line_stems, line_numbers, core;
  for (size_t i = 0; i < all.size(); ++i) {
    const std::string& w = all[i];
    if (d.stopwords.count(w)) continue;
    if (report.kind == ClosingReport::Kind::resolved && d.blocker_words.count(w)) continue;
    if (has_digit(w)) line_numbers.insert(w);
    line_stems.insert(line.stems[i]);
    if (i >= first) core.insert(line.stems[i]);
  }
  std::set<std::string> report_numbers, covered;
  for (const std::string& w : report.words) {
    auto irregular = d.irregular_past.find(w);
    std::string s = stem(irregular != d.irregular_past.end() ? irregular->second : w);
    if (verb_stems.count(s)) continue;
    if (report.kind == ClosingReport::Kind::resolved && d.blocker_words.count(w)) continue;
    if (has_digit(w)) report_numbers.insert(w);
    if (!line_stems.count(s)) return false;  // another object, owner or thing
    if (core.count(s)) covered.insert(s);
  }
  if (report_numbers != line_numbers) return false;  // a different number is another task
  return !covered.empty() && covered.size() * 2 >= core.size();
}

}  // namespace

bool is_open_task(std::string_view line) {
  std::optional<ListItem> item = list_item_of(line, true);
  return item && item->is_open_task() && !item->text.empty();
}

bool is_struck(std::string_view line) {
  std::string_view t = trim(strip_eol(line));
  return t.size() > 2 && t.substr(2).starts_with("~~");
}

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

namespace {

// Whether a meeting may close a line at all: never one that already links
// to it or to a newer meeting.
bool closable_by(std::string_view line, std::string_view meeting_name, std::string_view meeting_date) {
  return !links_to(line, meeting_name) && !links_newer_meeting(line, meeting_date);
}

// What line_closed_by read of a line (closable_by, read_line), read when
// first needed and kept for the meeting's other reports.
struct SeenLine {
  std::optional<bool> closable;
  std::optional<LineWords> words;
};

// The index into `lines` (open tasks for a done report, blockers for a
// resolved one) of the single line `report` closes, or nullopt when none or
// more than one match.
std::optional<size_t> line_closed_by(const ClosingReport& report, const std::vector<std::string>& lines,
                                     std::string_view meeting_name, std::string_view meeting_date,
                                     std::vector<SeenLine>& seen) {
  std::optional<size_t> found;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    bool open_task = is_open_task(line);
    if (report.kind == ClosingReport::Kind::done ? !open_task : (open_task || is_struck(line))) continue;
    SeenLine& s = seen[i];
    if (!s.closable) s.closable = closable_by(line, meeting_name, meeting_date);
    if (!*s.closable) continue;
    if (!s.words) s.words = read_line(line);
    if (!matches(report, *s.words)) continue;
    if (found) return std::nullopt;  // ambiguous: tick nothing
    found = i;
  }
  return found;
}

}  // namespace

std::vector<size_t> close_lines(const std::vector<ClosingReport>& reports, ClosingReport::Kind kind,
                                const std::vector<int>& skip_lines, std::vector<std::string>& lines,
                                std::string_view meeting_name, std::string_view date) {
  // Each line's links and words are read once per meeting, not once per
  // report.
  std::vector<SeenLine> seen(lines.size());
  std::vector<size_t> changed;
  for (const ClosingReport& report : reports) {
    if (report.kind != kind) continue;
    if (!report.marked && std::find(skip_lines.begin(), skip_lines.end(), report.line) != skip_lines.end())
      continue;
    std::optional<size_t> i = line_closed_by(report, lines, meeting_name, date, seen);
    if (!i) continue;
    lines[*i] = kind == ClosingReport::Kind::done ? tick_task(lines[*i], meeting_name, date)
                                                  : strike_line(lines[*i], "resolved", meeting_name, date);
    seen[*i] = {};
    changed.push_back(*i);
  }
  return changed;
}

std::string tick_task(std::string_view line, std::string_view meeting_name, std::string_view date) {
  std::string text = add_provenance(line, meeting_name);
  size_t box = text.find("[ ]");
  if (box != std::string::npos) text[box + 1] = 'x';
  if (!date.empty()) text += " ✅ " + std::string(date);
  return text;
}

std::string strike_line(std::string_view line, std::string_view why, std::string_view meeting_name,
                        std::string_view date) {
  std::string_view content = strip_eol(line);
  std::string_view text = strip_list_marker(content);
  std::string_view lead = content.substr(0, content.size() - text.size());
  std::string out = std::string(lead) + "~~" + std::string(trim(text)) + "~~ (" + std::string(why);
  if (!date.empty()) out += " " + std::string(date);
  return out + " " + meeting_link(meeting_name) + ")";
}

}  // namespace dossier
