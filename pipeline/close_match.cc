#include <algorithm>
#include <set>

#include "pipeline/close_loop.h"
#include "pipeline/close_words.h"
#include "pipeline/dedupe.h"
#include "pipeline/merge_lines.h"
#include "util/text.h"

// Matching closing reports (close_loop.cc finds them) with the note lines
// they close: by a scan of every line (close_lines, the reference) or
// through CloseIndex.

namespace dossier {

namespace {

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

}  // namespace

LineWords read_line(std::string_view line) {
  LineWords out{line_words(line), {}};
  for (const std::string& w : out.words) out.stems.push_back(stem(w));
  return out;
}

namespace {

// The stem a report's word is matched by: an irregular past by its
// present ("sent" as "send"), as a task line says it.
std::string report_stem(const CloseLoopWords& d, const std::string& word) {
  auto irregular = d.irregular_past.find(word);
  return stem(irregular != d.irregular_past.end() ? irregular->second : word);
}

bool matches(const ClosingReport& report, const LineWords& line) {
  const CloseLoopWords& d = close_loop_words();
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
    std::string s = report_stem(d, w);
    if (verb_stems.count(s)) continue;
    if (report.kind == ClosingReport::Kind::resolved && d.blocker_words.count(w)) continue;
    if (has_digit(w)) report_numbers.insert(w);
    if (!line_stems.count(s)) return false;  // another object, owner or thing
    if (core.count(s)) covered.insert(s);
  }
  if (report_numbers != line_numbers) return false;  // a different number is another task
  return !covered.empty() && covered.size() * 2 >= core.size();
}

// Whether a meeting may close a line at all: never one that already links
// to it or to a newer meeting.
bool closable_by(std::string_view line, std::string_view meeting_name, std::string_view meeting_date) {
  return !links_to(line, meeting_name) && !links_newer_meeting(line, meeting_date);
}

// Whether `report` closes `line`, read as `words`: an open task for a done
// report, a blocker not yet struck for a resolved one.
bool closes(const ClosingReport& report, std::string_view line, const LineWords& words,
            std::string_view meeting_name, std::string_view meeting_date) {
  bool open_task = is_open_task(line);
  if (report.kind == ClosingReport::Kind::done ? !open_task : (open_task || is_struck(line))) return false;
  return closable_by(line, meeting_name, meeting_date) && matches(report, words);
}

// The stems every line `report` matches holds among its words that are no
// stopwords: each word of the report either names the line's verb or must
// be in the line (matches()), blocker words aside for a resolved report.
std::vector<std::string> required_stems(const ClosingReport& report) {
  const CloseLoopWords& d = close_loop_words();
  std::vector<std::string> out;
  for (const std::string& w : report.words) {
    if (report.kind == ClosingReport::Kind::resolved && d.blocker_words.count(w)) continue;
    out.push_back(report_stem(d, w));
  }
  return out;
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

bool closes_in(const ClosingReport& report, ClosingReport::Kind kind, const std::vector<int>& skip_lines) {
  if (report.kind != kind) return false;
  return report.marked || std::find(skip_lines.begin(), skip_lines.end(), report.line) == skip_lines.end();
}

std::string closed_line(std::string_view line, ClosingReport::Kind kind, std::string_view meeting_name,
                        std::string_view date) {
  return kind == ClosingReport::Kind::done ? tick_task(line, meeting_name, date)
                                           : strike_line(line, "resolved", meeting_name, date);
}

std::vector<size_t> close_lines(const std::vector<ClosingReport>& reports, ClosingReport::Kind kind,
                                const std::vector<int>& skip_lines, std::vector<std::string>& lines,
                                std::string_view meeting_name, std::string_view date) {
  std::vector<size_t> changed;
  for (const ClosingReport& report : reports) {
    if (!closes_in(report, kind, skip_lines)) continue;
    std::optional<size_t> found;
    bool ambiguous = false;
    for (size_t i = 0; i < lines.size() && !ambiguous; ++i) {
      if (!closes(report, lines[i], read_line(lines[i]), meeting_name, date)) continue;
      ambiguous = found.has_value();  // tick nothing
      found = i;
    }
    if (!found || ambiguous) continue;
    lines[*found] = closed_line(lines[*found], kind, meeting_name, date);
    changed.push_back(*found);
  }
  return changed;
}

void CloseIndex::set(size_t id, std::string_view line) {
  auto entry = static_cast<uint32_t>(entries_.size());
  entries_.push_back({id, std::string(line), read_line(line)});
  latest_[id] = entry;
  const CloseLoopWords& d = close_loop_words();
  const LineWords& words = entries_.back().words;
  std::set<std::string> stems;
  for (size_t i = 0; i < words.words.size(); ++i)
    if (!d.stopwords.count(words.words[i])) stems.insert(words.stems[i]);
  for (const std::string& s : stems) postings_[s].push_back(entry);
}

std::optional<size_t> CloseIndex::find(const ClosingReport& report, std::string_view meeting_name,
                                       std::string_view date,
                                       const std::function<bool(size_t)>& eligible) const {
  // A line the report closes holds every required stem: only the lines
  // holding the rarest one are read.
  const std::vector<uint32_t>* fewest = nullptr;
  for (const std::string& s : required_stems(report)) {
    auto it = postings_.find(s);
    if (it == postings_.end()) return std::nullopt;
    if (!fewest || it->second.size() < fewest->size()) fewest = &it->second;
  }
  if (!fewest) return std::nullopt;  // nothing of the report must be in the line: matches() refuses
  std::optional<size_t> found;
  for (uint32_t entry : *fewest) {
    const Entry& e = entries_[entry];
    if (latest_.at(e.id) != entry || !eligible(e.id)) continue;  // an older text, or not for closing
    ++comparisons_;
    if (!closes(report, e.text, e.words, meeting_name, date)) continue;
    if (found) return std::nullopt;  // ambiguous: tick nothing
    found = e.id;
  }
  return found;
}

const std::string& CloseIndex::text(size_t id) const { return entries_[latest_.at(id)].text; }

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
