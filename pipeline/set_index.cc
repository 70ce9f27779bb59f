#include "pipeline/set_index.h"

#include <algorithm>
#include <cmath>

namespace dossier {

namespace {

constexpr double kEpsilon = 1e-9;

// A set a match may lack at most this many tokens of is indexed by the
// hashes of its subsets with up to that many tokens left out (a deletion
// neighbourhood); a query looks up its own such subsets, whatever the
// tokens' frequency. Larger sets go by postings of their tokens.
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
uint64_t set_hash(uint64_t group, uint64_t tokens_xor, size_t size) {
  return mix(tokens_xor ^ mix(size + 0x51ed27ULL) ^ group);
}
// Short sets are hashed with their group and their own size, so that a
// query asks each size for only the subsets a match of that size may share.
uint64_t sized_group(uint64_t group, size_t size) {
  return mix(mix(group + 0x2545f4914f6cdd1dULL) ^ (size + 1));
}
uint64_t posting_key(uint64_t group, uint32_t token, bool long_sets) {
  return mix(token_hash(token) ^ mix(group ^ (long_sets ? 0x6a09e667f3bcc909ULL : 0x3c6ef372fe94f82bULL)));
}

// Tokens two sets, one of `n` tokens, must share for a similarity >= t.
size_t needed_overlap(double t, size_t n) {
  double need = std::ceil(t * static_cast<double>(n) - kEpsilon);
  return std::max<size_t>(1, static_cast<size_t>(std::max(0.0, need)));
}
size_t missing_allowed(double t, size_t n) { return n - std::min(n, needed_overlap(t, n)); }

// Tokens a set of `n` and one of `m` must share for a similarity >= t:
// c / (n + m - c) >= t  <=>  c >= t (n + m) / (1 + t).
size_t pair_overlap(double t, size_t n, size_t m) {
  double need = std::ceil(t * static_cast<double>(n + m) / (1 + t) - kEpsilon);
  return std::max<size_t>(1, static_cast<size_t>(std::max(0.0, need)));
}

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
void for_each_subset_hash(const std::vector<uint32_t>& tokens, uint64_t group, size_t k, F f) {
  size_t n = tokens.size();
  std::vector<uint64_t> h(n);
  uint64_t all = 0;
  for (size_t i = 0; i < n; ++i) all ^= h[i] = token_hash(tokens[i]);
  f(set_hash(group, all, n));
  for (size_t i = 0; k >= 1 && n > 1 && i < n; ++i) {
    f(set_hash(group, all ^ h[i], n - 1));
    for (size_t j = i + 1; k >= 2 && n > 2 && j < n; ++j) {
      f(set_hash(group, all ^ h[i] ^ h[j], n - 2));
      for (size_t l = j + 1; k >= 3 && n > 3 && l < n; ++l)
        f(set_hash(group, all ^ h[i] ^ h[j] ^ h[l], n - 3));
    }
  }
}

}  // namespace

std::vector<uint32_t> TokenTable::intern(const std::vector<std::string>& tokens) {
  std::vector<uint32_t> ids;
  ids.reserve(tokens.size());
  for (const std::string& token : tokens)
    ids.push_back(ids_.emplace(token, static_cast<uint32_t>(ids_.size())).first->second);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<uint32_t> TokenTable::lookup(const std::vector<std::string>& tokens) const {
  std::vector<uint32_t> ids;
  ids.reserve(tokens.size());
  uint32_t unknown = UINT32_MAX;
  for (const std::string& token : tokens) {
    auto it = ids_.find(token);
    ids.push_back(it != ids_.end() ? it->second : unknown--);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

size_t HashLists::slot_of(uint64_t hash) const {
  size_t mask = slots_.size() - 1;
  size_t i = static_cast<size_t>(hash) & mask;
  while (slots_[i].head != kNone && slots_[i].hash != hash) i = (i + 1) & mask;
  return i;
}

void HashLists::add(uint64_t hash, uint32_t entry) {
  if ((used_ + 1) * 2 > slots_.size()) {  // at most half full: probes stay short
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), Slot{});
    for (const Slot& slot : old)
      if (slot.head != kNone) slots_[slot_of(slot.hash)] = slot;
  }
  Slot& slot = slots_[slot_of(hash)];
  if (slot.head == kNone) {
    slot.hash = hash;
    ++used_;
  }
  nodes_.push_back({entry, slot.head});
  slot.head = static_cast<uint32_t>(nodes_.size() - 1);
}

void HashLists::append(uint64_t hash, std::vector<uint32_t>& out) const {
  if (slots_.empty()) return;
  for (uint32_t n = slots_[slot_of(hash)].head; n != kNone; n = nodes_[n].next)
    out.push_back(nodes_[n].entry);
}

double jaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() && b.empty()) return 1.0;
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j])
      ++common, ++i, ++j;
    else if (a[i] < b[j])
      ++i;
    else
      ++j;
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

SetIndex::SetIndex(double threshold) : threshold_(threshold), first_long_(SIZE_MAX) {
  // missing_allowed grows with the size (by 0 or 1 per token): the short
  // sizes are the ones below the first that allows too many.
  for (size_t m = 0; m < 100000; ++m)
    if (missing_allowed(threshold_, m) > kMaxMissing) {
      first_long_ = m;
      break;
    }
}

void SetIndex::add(const std::vector<uint32_t>& tokens, uint64_t group, uint32_t entry) {
  bool long_set = tokens.size() >= first_long_;
  for (uint32_t token : tokens) postings_[posting_key(group, token, long_set)].push_back(entry);
  if (!long_set)
    for_each_subset_hash(tokens, sized_group(group, tokens.size()),
                         missing_allowed(threshold_, tokens.size()),
                         [&](uint64_t h) { subsets_.add(h, entry); });
}

// Prefix filter: a match shares at least `overlap` of the n tokens, so it
// shares one of any n - overlap + 1 of them: look up only the rarest ones.
void SetIndex::probe_postings(const std::vector<uint32_t>& tokens, uint64_t group, bool long_sets,
                              size_t overlap, std::vector<uint32_t>& out) const {
  size_t n = tokens.size();
  if (overlap > n) return;
  std::vector<const std::vector<uint32_t>*> lists;
  for (uint32_t token : tokens) {
    auto it = postings_.find(posting_key(group, token, long_sets));
    lists.push_back(it != postings_.end() ? &it->second : nullptr);
  }
  std::sort(lists.begin(), lists.end(),
            [](const auto* a, const auto* b) { return (a ? a->size() : 0) < (b ? b->size() : 0); });
  for (size_t i = 0; i < n - overlap + 1; ++i)
    if (lists[i]) out.insert(out.end(), lists[i]->begin(), lists[i]->end());
}

std::vector<uint32_t> SetIndex::candidates(const std::vector<uint32_t>& tokens, uint64_t group) const {
  std::vector<uint32_t> out;
  size_t n = tokens.size();
  // A match of m tokens has n * t <= m <= n / t.
  size_t smallest = n == 0 ? 0 : needed_overlap(threshold_, n);
  auto largest = static_cast<size_t>(std::floor(static_cast<double>(n) / threshold_ + kEpsilon));
  // A short match of m tokens shares c >= pair_overlap(t, n, m) of them
  // with the query: that shared set is the query minus n - c tokens, and
  // the match minus m - c <= its allowance, so both were hashed with size m.
  size_t probes = 0;
  bool enumerable = true;
  for (size_t m = smallest; m <= largest && m < first_long_; ++m) {
    size_t c = n == 0 ? 0 : pair_overlap(threshold_, n, m);
    if (c > std::min(n, m)) continue;
    enumerable = enumerable && n - c <= kMaxQueryMissing;
    probes += subset_count(n, n - c);
  }
  if (enumerable && probes <= kMaxSubsetProbes) {
    for (size_t m = smallest; m <= largest && m < first_long_; ++m) {
      size_t c = n == 0 ? 0 : pair_overlap(threshold_, n, m);
      if (c > std::min(n, m)) continue;
      for_each_subset_hash(tokens, sized_group(group, m), n - c,
                           [&](uint64_t h) { subsets_.append(h, out); });
    }
  } else if (smallest < first_long_) {
    probe_postings(tokens, group, false, pair_overlap(threshold_, n, smallest), out);
  }
  if (largest >= first_long_)
    probe_postings(tokens, group, true, pair_overlap(threshold_, n, std::max(smallest, first_long_)), out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace dossier
