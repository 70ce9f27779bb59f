#include "pipeline/dedupe.h"

#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>

#include "util/text.h"

namespace dossier {

namespace {

// "[[target|alias]]" -> "alias", "[[target]]" -> "target", "[text](url)" -> "text".
std::string strip_links(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::vector<WikiLink> links = wikilinks_of(s);
  auto next_link = links.begin();
  for (size_t i = 0; i < s.size();) {
    if (next_link != links.end() && next_link->begin == i) {
      out += next_link->display();
      i = next_link++->end;
      continue;
    }
    if (s[i] == '[') {
      size_t close = s.find("](", i + 1);
      size_t end = close == std::string_view::npos ? close : s.find(')', close + 2);
      if (end != std::string_view::npos &&
          s.substr(i + 1, close - i - 1).find('[') == std::string_view::npos) {
        out += s.substr(i + 1, close - i - 1);
        i = end + 1;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

bool is_apostrophe(utf8proc_int32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

bool is_word_char(utf8proc_int32_t cp) {
  utf8proc_category_t category = utf8proc_category(cp);
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_NO;  // L*, M*, N*
}

// Words of `folded` joined by single spaces; apostrophes vanish ("don't" ->
// "dont"), every other non-letter, non-digit separates words.
std::string spaced_words(std::string_view folded) {
  std::string out;
  bool pending_space = false;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(folded.data());
  for (size_t i = 0; i < folded.size();) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(folded.size() - i), &cp);
    if (n <= 0) {  // invalid byte: a separator
      pending_space = true;
      ++i;
      continue;
    }
    if (is_apostrophe(cp) && i + static_cast<size_t>(n) < folded.size() &&
        folded[i + static_cast<size_t>(n)] == 's' &&
        (i + static_cast<size_t>(n) + 1 == folded.size() ||
         !std::isalnum(static_cast<unsigned char>(folded[i + static_cast<size_t>(n) + 1])))) {
      i += static_cast<size_t>(n) + 1;  // possessive "'s": "Acme's" -> "acme"
      continue;
    }
    if (is_word_char(cp)) {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out.append(folded.substr(i, static_cast<size_t>(n)));
    } else if (!is_apostrophe(cp)) {
      pending_space = true;
    }
    i += static_cast<size_t>(n);
  }
  return out;
}

// Drops a leading label such as "Signal:" or "**Decision:**" (after any
// leading symbols such as "✅").
std::string_view strip_marker_word(std::string_view folded) {
  static constexpr std::string_view kMarkers[] = {"signal",      "decision",  "fact",        "blocker",
                                                  "opportunity", "next step", "action item", "todo"};
  size_t start = 0;
  while (start < folded.size() && static_cast<unsigned char>(folded[start]) < 0x80 &&
         !std::isalnum(static_cast<unsigned char>(folded[start]))) {
    ++start;
  }
  // Multi-byte symbols such as "✅" before the label.
  std::string_view rest = folded.substr(start);
  for (std::string_view emoji : {"✅ ", "✔ ", "☑ ", "💡 ", "⚠ ", "⚠️ "}) {
    if (rest.starts_with(emoji)) rest = trim(rest.substr(emoji.size()));
  }
  for (std::string_view marker : kMarkers) {
    if (!rest.starts_with(marker)) continue;
    std::string_view after = rest.substr(marker.size());
    while (!after.empty() && after.front() == '*') after.remove_prefix(1);
    if (!after.empty() && after.front() == ':') return after.substr(1);
  }
  return folded;
}

constexpr double kEpsilon = 1e-9;

// Whether `group` is nothing but wikilinks without brackets inside, one
// comma between each: "[[A]], [[B]]".
bool only_links(std::string_view group) {
  std::vector<WikiLink> links = wikilinks_of(group);
  if (links.empty()) return false;
  size_t after = 0;
  for (const WikiLink& link : links) {
    if (trim(group.substr(after, link.begin - after)) != (after == 0 ? "" : ",")) return false;
    if (link.inner.find_first_of("[]") != std::string_view::npos) return false;
    after = link.end;
  }
  return trim(group.substr(after)).empty();
}

}  // namespace

std::optional<size_t> provenance_start(std::string_view line) {
  std::string_view s = rstrip_blanks(strip_eol(line));
  if (!s.ends_with("]])")) return std::nullopt;
  for (size_t open = s.rfind("([["); open != std::string_view::npos;
       open = open == 0 ? std::string_view::npos : s.rfind("([[", open - 1))
    if (only_links(s.substr(open + 1, s.size() - open - 2))) return open;
  return std::nullopt;
}

std::string dedupe_key(std::string_view line) {
  std::string_view s = strip_list_marker(line);
  s = rstrip_blanks(s.substr(0, task_fields_start(s)));
  if (auto open = provenance_start(s)) s = rstrip_blanks(s.substr(0, *open));
  std::string folded = casefold(strip_links(s));
  return spaced_words(strip_marker_word(folded));
}

double token_set_similarity(std::string_view key_a, std::string_view key_b, const WordingReader& reader) {
  return similarity(reader.read(key_a), reader.read(key_b));
}

bool near_duplicate(std::string_view key_a, std::string_view key_b, double threshold,
                    const WordingReader& reader) {
  if (dedupe_key(key_a) == dedupe_key(key_b)) return true;
  if (threshold <= 0 || threshold > 1) return false;
  Wording a = reader.read(key_a), b = reader.read(key_b);
  return similarity(a, b) + kEpsilon >= threshold && compatible(a, b);
}

namespace {

// Entries that compatible() may accept share their numbers and their
// negation: the index keeps them apart by that, as a group.
uint64_t compatibility_group(const Wording& w) {
  uint64_t h = w.negated ? 0x9e3779b97f4a7c15ULL : 0;
  for (const std::string& number : w.numbers)
    h = (h ^ std::hash<std::string>{}(number)) * 0x100000001b3ULL + 1;
  return h;
}

}  // namespace

DedupeIndex::DedupeIndex(double threshold, std::string_view language)
    : threshold_(threshold), reader_(language), sets_(threshold > 0 && threshold <= 1 ? threshold : 1.0) {}

const Wording& DedupeText::wording(const WordingReader& reader) const {
  if (!wording_ || language_ != reader.language()) {
    wording_ = reader.read(text_, key_);
    language_ = reader.language();
  }
  return *wording_;
}

void DedupeIndex::add(const DedupeText& text, size_t id) {
  if (text.key().empty()) return;
  exact_.emplace(text.key(), id);
  Entry entry{{}, text.wording(reader_), id};
  entry.tokens = tokens_.intern(entry.wording.tokens);
  sets_.add(entry.tokens, compatibility_group(entry.wording), static_cast<uint32_t>(entries_.size()));
  entries_.push_back(std::move(entry));
}

std::optional<size_t> DedupeIndex::find(const DedupeText& text) const { return lookup(text, false); }

std::optional<size_t> DedupeIndex::find_by_scan(std::string_view text) const {
  return lookup(DedupeText(text), true);
}

std::optional<size_t> DedupeIndex::lookup(const DedupeText& text, bool scan) const {
  if (text.key().empty()) return std::nullopt;
  if (auto it = exact_.find(text.key()); it != exact_.end()) return it->second;
  if (threshold_ <= 0 || threshold_ > 1) return std::nullopt;
  const Wording& wording = text.wording(reader_);
  std::optional<size_t> best;
  double best_score = 0;
  auto consider = [&](size_t index, double score) {
    if (score + kEpsilon >= threshold_ && (!best || score > best_score + kEpsilon) &&
        compatible(wording, entries_[index].wording)) {
      best = index;
      best_score = score;
    }
  };
  if (scan) {
    for (size_t index = 0; index < entries_.size(); ++index)
      consider(index, similarity(wording, entries_[index].wording));
  } else {
    std::vector<uint32_t> tokens = tokens_.lookup(wording.tokens);
    for (uint32_t index : sets_.candidates(tokens, compatibility_group(wording))) {
      ++comparisons_;
      consider(index, jaccard(tokens, entries_[index].tokens));
    }
  }
  if (!best) return std::nullopt;
  return entries_[*best].id;
}

}  // namespace dossier
