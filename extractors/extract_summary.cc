#include "extractors/extract_summary.h"

#include <re2/re2.h>

#include <algorithm>

#include "extractors/extract_people.h"
#include "extractors/normalize.h"
#include "util/text.h"
#include "util/unicode.h"
#include "vault/date.h"

namespace dossier {
namespace {

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

struct Sentence {
  std::string_view text;
  int line = 0;
};

std::vector<Sentence> sentences_of(const Block& b) {
  std::vector<Sentence> out;
  for (auto [begin, end] : split_sentences(b.text))
    out.push_back({std::string_view(b.text).substr(begin, end - begin),
                   b.line + static_cast<int>(std::count(b.text.begin(), b.text.begin() + static_cast<long>(begin), '\n'))});
  return out;
}

// How much a sentence says: its longer words, a cue of any kind, figures;
// a sentence that is mostly names ("Jane and Bob met Ana") says little.
int informativeness(std::string_view s, const RuleSet& rules) {
  int words = 0, long_words = 0, capitalised = 0;
  bool digit = false;
  for (size_t i = 0; i < s.size();) {
    size_t end = s.find(' ', i);
    if (end == std::string_view::npos) end = s.size();
    std::string_view w = s.substr(i, end - i);
    i = end + 1;
    if (w.empty()) continue;
    ++words;
    char32_t cp;
    decode_utf8(w, 0, cp);
    if (is_upper(cp) && words > 1) ++capitalised;
    if (w.size() >= 5) ++long_words;
    if (std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) digit = true;
  }
  int score = long_words + (match_cue(rules, s) ? 4 : 0) + (digit ? 2 : 0);
  if (words > 0 && capitalised * 2 > words) score -= 6;
  return score;
}

// A line that is no account of the meeting: an attendee list, a date and
// time header ("Wed, Jan 21, 2026 · 10:02 AM · 46 min"), tags, a table row,
// a "Label: value" line or a marked item.
bool informative_paragraph(const Block& b, const RuleSet& rules) {
  std::string_view t = trim(b.text);
  if (t.empty() || t[0] == '#' || t[0] == '|' || match_marker(rules, b.masked) || is_attendee_line(b, rules))
    return false;
  if (parse_date(t) && std::count(t.begin(), t.end(), ' ') < 10) return false;
  size_t colon = t.find(": ");
  if (colon != std::string_view::npos && colon < 24 && t.substr(0, colon).find_first_of(".,;") == t.npos)
    return false;
  return std::count(t.begin(), t.end(), ' ') >= 3;
}

std::string sentence_text(std::string_view s, size_t strip = 0) {
  std::string text = normalize_item_text(s, strip);
  if (!text.empty()) {  // "the pilot is a success" after "So to sum up:" reads as a sentence
    char32_t cp;
    size_t n = decode_utf8(text, 0, cp);
    if (is_lower(cp) && cp < 0x80) text[0] = static_cast<char>(text[0] - 'a' + 'A');
    (void)n;
  }
  return text;
}

std::optional<SummarySource> from_summary_section(const std::vector<Block>& blocks,
                                                  const std::vector<std::optional<ItemKind>>& sections,
                                                  const RuleSet& rules) {
  std::optional<SummarySource> best;
  int best_score = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (sections[i] != ItemKind::summary || blocks[i].in_code || blocks[i].kind == BlockKind::heading) continue;
    for (const Sentence& s : sentences_of(blocks[i]))
      if (int score = informativeness(s.text, rules); !best || score > best_score) {
        best = SummarySource{sentence_text(s.text), s.line};
        best_score = score;
      }
  }
  return best;
}

// The last closing summary of the meeting ("So to sum up: ..."), preferring
// what the person who held it said.
std::optional<SummarySource> from_closing_words(const std::vector<Block>& blocks, const RuleSet& rules,
                                                const std::string& holder) {
  std::optional<SummarySource> found;
  bool by_holder = false;
  for (const Block& b : blocks) {
    if (b.in_code || (b.kind != BlockKind::turn && b.kind != BlockKind::paragraph)) continue;
    for (const Sentence& s : sentences_of(b)) {
      std::optional<size_t> end = match_summary_cue(rules, s.text);
      if (!end || *end >= s.text.size()) continue;
      bool holder_said = !holder.empty() && b.speaker == holder;
      if (by_holder && !holder_said) continue;
      found = SummarySource{sentence_text(s.text, *end), s.line};
      by_holder = holder_said;
    }
  }
  return found;
}

// "Sync - Nov 3, 2025" -> "Sync".
std::string without_date(std::string_view title) {
  // Unbounded letter runs: counted repeats of \p{L} make RE2 automata huge.
  static const RE2 kDates(
      R"((?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? |(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?,? )?)"
      R"((?:\d{4}[-_]\d{1,2}[-_]\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{8}|\pL+\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2}\.? \pL+\.? \d{4}))");
  std::string t(title);
  if (!parse_date(t) && !parse_file_name_date(t)) return collapse_spaces(t);
  RE2::GlobalReplace(&t, kDates, "");
  std::string_view v = trim(t);
  auto separator = [](char c) { return c == '-' || c == ',' || c == ':' || c == '|' || c == '(' || c == ')' || c == '_'; };
  while (!v.empty() && (separator(v.back()) || v.back() == ' ')) v.remove_suffix(1);
  while (!v.empty() && (separator(v.front()) || v.front() == ' ')) v.remove_prefix(1);
  for (std::string_view dash : {"\xE2\x80\x93", "\xE2\x80\x94"}) {
    if (v.size() >= 3 && v.substr(v.size() - 3) == dash) v = trim(v.substr(0, v.size() - 3));
    if (v.size() >= 3 && v.substr(0, 3) == dash) v = trim(v.substr(3));
  }
  return collapse_spaces(v);
}

const Item* top_item(const std::vector<Item>& items) {
  for (ItemKind kind : {ItemKind::decision, ItemKind::topic, ItemKind::opportunity, ItemKind::blocker,
                        ItemKind::fact, ItemKind::next_step})
    for (const Item& item : items)
      if (item.kind == kind) return &item;
  return nullptr;
}

}  // namespace

std::string display_title(const Meeting& meeting) { return without_date(meeting.title); }

std::string title_for_item(const Meeting& meeting, const std::vector<Block>& blocks, const RuleSet& rules, int line) {
  if (std::string title = display_title(meeting); !title.empty()) return title;
  for (const Block& b : blocks)  // a daily note: the heading the item sits under ("Call with Acme")
    if (b.line <= line && line <= b.end_line && b.kind != BlockKind::heading) {
      if (b.heading.empty() || heading_kind(rules, b.heading) || without_date(b.heading).empty()) return "";
      return collapse_spaces(b.heading);
    }
  return "";
}

SummarySource summarize_meeting(const Meeting& meeting, const std::vector<Block>& blocks,
                                const std::vector<std::optional<ItemKind>>& sections, const RuleSet& rules,
                                const std::vector<Item>& items, const std::string& holder) {
  if (auto s = frontmatter_string(meeting.note, "summary"); s && !trim(*s).empty())
    return {collapse_spaces(*s), frontmatter_key_line(meeting.note, "summary")};
  if (auto s = from_summary_section(blocks, sections, rules)) return *s;
  if (auto s = from_closing_words(blocks, rules, holder)) return *s;
  std::string title = display_title(meeting);
  int line = frontmatter_key_line(meeting.note, "title");
  for (const Block& b : blocks)
    if (line == 0 && b.kind == BlockKind::heading && b.heading_level == 1) line = b.line;
  if (line == 0) line = 1;
  auto with_title = [](const std::string& t, std::string text) {
    if (!text.empty() && text.back() == '.') text.pop_back();
    return t.empty() ? text : t + ": " + text;
  };
  if (const Item* top = top_item(items))
    return {with_title(title_for_item(meeting, blocks, rules, top->line), top->text), line};
  for (size_t i = 0; i < blocks.size(); ++i)
    if (blocks[i].kind == BlockKind::paragraph && !sections[i] && informative_paragraph(blocks[i], rules)) {
      std::vector<Sentence> s = sentences_of(blocks[i]);
      if (!s.empty()) return {with_title(title, sentence_text(s.front().text)), s.front().line};
    }
  return {title.empty() ? meeting.title : title, line};
}

}  // namespace dossier
