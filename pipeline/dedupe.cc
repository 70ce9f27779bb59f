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

double token_set_similarity(std::string_view key_a, std::string_view key_b, const WordingReader& reader) {
  return similarity(reader.read(key_a), reader.read(key_b));
}

bool near_duplicate(std::string_view key_a, std::string_view key_b, double threshold, const WordingReader& reader) {
  if (dedupe_key(key_a) == dedupe_key(key_b)) return true;
  if (threshold <= 0 || threshold > 1) return false;
  Wording a = reader.read(key_a), b = reader.read(key_b);
  return similarity(a, b) + kEpsilon >= threshold && compatible(a, b);
}

namespace {

// Short entries (a match may lack at most this many of their words) are
// indexed by the hashes of their word sets with up to that many words left
// out; a short query looks those up, whatever its words' frequency.
constexpr size_t kMaxMissing = 2;
constexpr size_t kMaxQueryMissing = 3;
constexpr size_t kMaxSubsetProbes = 4096;

uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}
uint64_t token_hash(uint32_t id) { return mix(id + 0x9e3779b97f4a7c15ULL); }
uint64_t set_hash(uint64_t tokens_xor, size_t size) { return mix(tokens_xor ^ mix(size + 0x51ed27ULL)); }

// Words two sets of which one has `n` must share for a similarity >= t.
size_t needed_overlap(double t, size_t n) {
  double need = std::ceil(t * static_cast<double>(n) - kEpsilon);
  return std::max<size_t>(1, static_cast<size_t>(std::max(0.0, need)));
}
size_t missing_allowed(double t, size_t n) { return n - std::min(n, needed_overlap(t, n)); }

size_t subset_count(size_t n, size_t k) {
  size_t total = 0, c = 1;  // c = C(n, i)
  for (size_t i = 0; i <= k && i <= n; ++i) {
    total += c;
    c = c * (n - i) / (i + 1);
  }
  return total;
}

// Calls f(hash) for `tokens` and every subset of it that leaves out at most
// `k` (<= 3) of them, keeping at least one.
template <class F>
void for_each_subset_hash(const std::vector<uint32_t>& tokens, size_t k, F f) {
  size_t n = tokens.size();
  std::vector<uint64_t> h(n);
  uint64_t all = 0;
  for (size_t i = 0; i < n; ++i) all ^= h[i] = token_hash(tokens[i]);
  f(set_hash(all, n));
  for (size_t i = 0; k >= 1 && n > 1 && i < n; ++i) {
    f(set_hash(all ^ h[i], n - 1));
    for (size_t j = i + 1; k >= 2 && n > 2 && j < n; ++j) {
      f(set_hash(all ^ h[i] ^ h[j], n - 2));
      for (size_t l = j + 1; k >= 3 && n > 3 && l < n; ++l) f(set_hash(all ^ h[i] ^ h[j] ^ h[l], n - 3));
    }
  }
}

double jaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() && b.empty()) return 1.0;
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) ++common, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace

DedupeIndex::DedupeIndex(double threshold, std::string_view language) : threshold_(threshold), reader_(language) {}

std::vector<uint32_t> DedupeIndex::intern_ids(const Wording& w) {
  std::vector<uint32_t> ids;
  for (const std::string& token : w.tokens) {
    auto [it, added] = token_ids_.emplace(token, static_cast<uint32_t>(token_ids_.size()));
    if (added) postings_.emplace_back();
    ids.push_back(it->second);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<uint32_t> DedupeIndex::lookup_ids(const Wording& w) const {
  std::vector<uint32_t> ids;
  uint32_t unknown = UINT32_MAX;  // words no entry has: ids of their own, matching nothing
  for (const std::string& token : w.tokens) {
    auto it = token_ids_.find(token);
    ids.push_back(it != token_ids_.end() ? it->second : unknown--);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

void DedupeIndex::add(std::string_view text, size_t id) {
  std::string key = dedupe_key(text);
  if (key.empty()) return;
  exact_.emplace(key, id);
  Entry entry{{}, reader_.read(text), id};
  entry.tokens = intern_ids(entry.wording);
  auto index = static_cast<uint32_t>(entries_.size());
  for (uint32_t token : entry.tokens) postings_[token].push_back(index);
  size_t missing = missing_allowed(threshold_, entry.tokens.size());
  if (threshold_ > 0 && threshold_ <= 1 && missing <= kMaxMissing)
    for_each_subset_hash(entry.tokens, missing, [&](uint64_t h) { subsets_[h].push_back(index); });
  entries_.push_back(std::move(entry));
}

std::vector<size_t> DedupeIndex::candidates(const std::vector<uint32_t>& tokens) const {
  std::vector<size_t> out;
  size_t n = tokens.size();
  size_t lo = needed_overlap(threshold_, n);
  auto hi = static_cast<size_t>(std::floor(static_cast<double>(n) / threshold_ + kEpsilon));
  bool all_short = true;
  for (size_t m = lo; m <= hi && all_short; ++m) all_short = missing_allowed(threshold_, m) <= kMaxMissing;
  size_t missing = missing_allowed(threshold_, n);
  if (all_short && missing <= kMaxQueryMissing && subset_count(n, missing) <= kMaxSubsetProbes) {
    // A match shares >= lo words with this item: that shared set is this
    // item minus <= `missing` words, and the match minus <= its own allowance.
    for_each_subset_hash(tokens, missing, [&](uint64_t h) {
      if (auto it = subsets_.find(h); it != subsets_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    });
  } else {
    // Prefix filter: a match shares at least `lo` of the n words, so it
    // shares one of any n - lo + 1 of them: look up only the rarest ones.
    std::vector<const std::vector<uint32_t>*> lists;
    for (uint32_t token : tokens) lists.push_back(token < postings_.size() ? &postings_[token] : nullptr);
    std::sort(lists.begin(), lists.end(), [](const auto* a, const auto* b) {
      return (a ? a->size() : 0) < (b ? b->size() : 0);
    });
    size_t probes = std::min(lists.size(), n - std::min(lo, n) + 1);
    for (size_t i = 0; i < probes; ++i)
      if (lists[i]) out.insert(out.end(), lists[i]->begin(), lists[i]->end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<size_t> DedupeIndex::find(std::string_view text) const {
  std::string key = dedupe_key(text);
  if (key.empty()) return std::nullopt;
  if (auto it = exact_.find(key); it != exact_.end()) return it->second;
  if (threshold_ <= 0 || threshold_ > 1) return std::nullopt;
  Wording wording = reader_.read(text);
  std::vector<uint32_t> tokens = lookup_ids(wording);
  std::optional<size_t> best;
  double best_score = 0;
  double n = static_cast<double>(tokens.size());
  for (size_t index : candidates(tokens)) {
    const Entry& entry = entries_[index];
    double m = static_cast<double>(entry.tokens.size());
    if (m + kEpsilon < threshold_ * n || threshold_ * m > n + kEpsilon) continue;  // sizes too far apart
    double score = jaccard(tokens, entry.tokens);
    if (score + kEpsilon >= threshold_ && (!best || score > best_score + kEpsilon) &&
        compatible(wording, entry.wording)) {
      best = index;
      best_score = score;
    }
  }
  if (!best) return std::nullopt;
  return entries_[*best].id;
}

}  // namespace dossier
