#include "pipeline/dedupe.h"

#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>

#include "util/text.h"

namespace dossier {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_date(std::string_view s) {
  return s.size() == 10 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) &&
         s[4] == '-' && is_digit(s[5]) && is_digit(s[6]) && s[7] == '-' && is_digit(s[8]) &&
         is_digit(s[9]);
}

std::string_view rstrip(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Drops the fields the Obsidian Tasks plugin appends ("✅ 2025-01-05",
// "📅 2025-02-01"): checking a task off must not turn it into another item.
std::string_view strip_task_fields(std::string_view s) {
  static constexpr std::string_view kFieldEmoji[] = {"✅", "📅", "⏳", "🛫", "➕", "❌"};
  for (bool again = true; again;) {
    again = false;
    s = rstrip(s);
    if (s.size() < 11 || !is_date(s.substr(s.size() - 10))) break;
    std::string_view head = rstrip(s.substr(0, s.size() - 10));
    for (std::string_view emoji : kFieldEmoji) {
      if (head.ends_with(emoji)) {
        s = head.substr(0, head.size() - emoji.size());
        again = true;
        break;
      }
    }
  }
  return rstrip(s);
}

// "[[target|alias]]" -> "alias", "[[target]]" -> "target", "[text](url)" -> "text".
std::string strip_links(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 2, "[[") == 0) {
      size_t close = s.find("]]", i + 2);
      if (close != std::string_view::npos) {
        std::string_view inner = s.substr(i + 2, close - i - 2);
        size_t bar = inner.find('|');
        out += bar == std::string_view::npos ? inner : inner.substr(bar + 1);
        i = close + 2;
        continue;
      }
    }
    if (s[i] == '[') {
      size_t close = s.find("](", i + 1);
      size_t end = close == std::string_view::npos ? close : s.find(')', close + 2);
      if (end != std::string_view::npos && s.substr(i + 1, close - i - 1).find('[') ==
                                               std::string_view::npos) {
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
std::string words_of(std::string_view folded) {
  std::string out;
  bool pending_space = false;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(folded.data());
  for (size_t i = 0; i < folded.size();) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n =
        utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(folded.size() - i), &cp);
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
  static constexpr std::string_view kMarkers[] = {"signal",      "decision", "fact",
                                                  "blocker",     "opportunity", "next step",
                                                  "action item", "todo"};
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

// Articles and possessive determiners: "a signed form" and "the signed
// form" are one item, while "MSA" and "DPA" must stay apart, so these words
// must not weigh as much as content words (see the threshold measurement in
// tests/dedupe_test.cc).
bool is_stop_word(std::string_view token) {
  static constexpr std::string_view kStopWords[] = {
      "a",    "an",  "the", "this", "that", "these", "those", "their",
      "its",  "our", "your", "his", "her",  "my",    "some",  "any"};
  return std::find(std::begin(kStopWords), std::end(kStopWords), token) != std::end(kStopWords);
}

// The sorted, unique content words of a key (all words if it has no other).
std::vector<std::string_view> tokens_of(std::string_view key) {
  std::vector<std::string_view> tokens;
  std::vector<std::string_view> stop_words;
  for (size_t start = 0; start < key.size();) {
    size_t space = key.find(' ', start);
    if (space == std::string_view::npos) space = key.size();
    std::string_view token = key.substr(start, space - start);
    if (!token.empty()) (is_stop_word(token) ? stop_words : tokens).push_back(token);
    start = space + 1;
  }
  if (tokens.empty()) tokens = std::move(stop_words);
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  return tokens;
}

bool has_digit(std::string_view token) {
  return std::any_of(token.begin(), token.end(), is_digit);
}

// Items that differ in a number ("2 PB" / "5 PB", "Q3" / "Q4") are different
// facts however similar the rest of the sentence is.
bool same_numbers(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::vector<std::string_view> numbers_a, numbers_b;
  std::copy_if(a.begin(), a.end(), std::back_inserter(numbers_a), has_digit);
  std::copy_if(b.begin(), b.end(), std::back_inserter(numbers_b), has_digit);
  return numbers_a == numbers_b;
}

double jaccard(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  if (a.empty() && b.empty()) return 1.0;
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      ++common, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

constexpr double kEpsilon = 1e-9;

}  // namespace

std::string_view strip_list_marker(std::string_view line) {
  std::string_view s = trim(strip_eol(line));
  while (s.starts_with("> ")) s = trim(s.substr(2));
  if (s.size() >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && (s[1] == ' ' || s[1] == '\t')) {
    s = trim(s.substr(2));
  } else {
    size_t digits = 0;
    while (digits < s.size() && digits < 9 && is_digit(s[digits])) ++digits;
    if (digits > 0 && digits + 1 < s.size() && (s[digits] == '.' || s[digits] == ')') &&
        (s[digits + 1] == ' ' || s[digits + 1] == '\t')) {
      s = trim(s.substr(digits + 2));
    }
  }
  if (s.size() >= 3 && s[0] == '[' && s[2] == ']' && (s.size() == 3 || s[3] == ' ' || s[3] == '\t')) {
    s = trim(s.substr(3));
  }
  return s;
}

std::optional<size_t> provenance_start(std::string_view line) {
  std::string_view s = rstrip(strip_eol(line));
  if (!s.ends_with("]])")) return std::nullopt;
  for (size_t open = s.rfind("([["); open != std::string_view::npos;
       open = open == 0 ? std::string_view::npos : s.rfind("([[", open - 1)) {
    // The group must be nothing but comma-separated wikilinks.
    std::string_view inner = s.substr(open + 1, s.size() - open - 2);
    bool only_links = true;
    while (only_links && !inner.empty()) {
      inner = trim(inner);
      size_t close = inner.find("]]");
      if (!inner.starts_with("[[") || close == std::string_view::npos ||
          inner.substr(2, close - 2).find_first_of("[]") != std::string_view::npos) {
        only_links = false;
        break;
      }
      inner = trim(inner.substr(close + 2));
      if (inner.starts_with(",")) {
        inner.remove_prefix(1);
        if (trim(inner).empty()) only_links = false;
      } else if (!inner.empty()) {
        only_links = false;
      }
    }
    if (only_links) return open;
  }
  return std::nullopt;
}

std::string dedupe_key(std::string_view line) {
  std::string_view s = strip_task_fields(strip_list_marker(line));
  if (auto open = provenance_start(s)) s = rstrip(s.substr(0, *open));
  std::string folded = casefold(strip_links(s));
  return words_of(strip_marker_word(folded));
}

double token_set_similarity(std::string_view key_a, std::string_view key_b) {
  return jaccard(tokens_of(key_a), tokens_of(key_b));
}

bool near_duplicate(std::string_view key_a, std::string_view key_b, double threshold) {
  if (key_a == key_b) return true;
  std::vector<std::string_view> a = tokens_of(key_a), b = tokens_of(key_b);
  return threshold > 0 && threshold <= 1 && jaccard(a, b) + kEpsilon >= threshold &&
         same_numbers(a, b);
}

void DedupeIndex::add(const std::string& key, size_t id) {
  if (key.empty()) return;
  exact_.emplace(key, id);
  size_t entry = keys_.size();
  keys_.push_back(key);
  ids_.push_back(id);
  for (std::string_view token : tokens_of(key)) postings_[std::string(token)].push_back(entry);
}

std::optional<size_t> DedupeIndex::find(const std::string& key) const {
  if (key.empty()) return std::nullopt;
  if (auto it = exact_.find(key); it != exact_.end()) return it->second;
  if (threshold_ <= 0 || threshold_ > 1) return std::nullopt;
  std::vector<std::string_view> tokens = tokens_of(key);
  // Prefix filter: a match shares at least ceil(t*n) of the n tokens, so it
  // shares one of any n - ceil(t*n) + 1 of them. Looking up only that many of
  // the rarest tokens finds every match while skipping common words' long lists.
  std::vector<std::pair<size_t, const std::vector<size_t>*>> lists;
  for (std::string_view token : tokens) {
    auto it = postings_.find(std::string(token));
    lists.emplace_back(it == postings_.end() ? 0 : it->second.size(),
                       it == postings_.end() ? nullptr : &it->second);
  }
  std::sort(lists.begin(), lists.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  double n = static_cast<double>(tokens.size());
  size_t needed = static_cast<size_t>(std::ceil(threshold_ * n - kEpsilon));
  size_t probes = std::min(lists.size(), tokens.size() - std::min(needed, tokens.size()) + 1);
  std::vector<size_t> candidates;
  for (size_t i = 0; i < probes; ++i) {
    if (lists[i].second) candidates.insert(candidates.end(), lists[i].second->begin(), lists[i].second->end());
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::optional<size_t> best;
  double best_score = 0;
  for (size_t entry : candidates) {
    std::vector<std::string_view> other = tokens_of(keys_[entry]);
    double score = jaccard(tokens, other);
    if (score + kEpsilon >= threshold_ && (!best || score > best_score + kEpsilon) &&
        same_numbers(tokens, other)) {
      best = entry;
      best_score = score;
    }
  }
  if (!best) return std::nullopt;
  return ids_[*best];
}

}  // namespace dossier
