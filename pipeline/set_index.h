// A filter for set-similarity lookups: among many sets of token ids, the
// ones that may have a Jaccard similarity |A ∩ B| / |A ∪ B| at or above a
// threshold with a query set, found without comparing the query with every
// set. Candidates are a superset of those sets (a filter never loses a
// match); callers verify each one. The work per lookup stays near the
// number of close sets whatever the vocabulary, so that a note of many
// lines over few distinct words (generated status lines, logs) costs no
// more per line than an ordinary one.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace dossier {

// Token strings to small ids, for comparing sets as sorted id vectors.
class TokenTable {
 public:
  // Sorted ids of `tokens`; new tokens get new ids.
  std::vector<uint32_t> intern(const std::vector<std::string>& tokens);
  // Sorted ids of `tokens`; tokens never interned get ids of their own that
  // match nothing (and are not remembered).
  std::vector<uint32_t> lookup(const std::vector<std::string>& tokens) const;

 private:
  std::unordered_map<std::string, uint32_t> ids_;
};

// |a ∩ b| / |a ∪ b| of two sorted id vectors (1 for two empty sets).
double jaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

// Lists of entries under 64-bit hashes, in two flat arrays (open
// addressing, lists linked through one node array): the subsets of every
// short set are many, and a node per hash would cost most of the time.
class HashLists {
 public:
  void add(uint64_t hash, uint32_t entry);
  // Appends the entries under `hash` to `out`.
  void append(uint64_t hash, std::vector<uint32_t>& out) const;

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Slot {
    uint64_t hash = 0;
    uint32_t head = kNone;  // kNone: free
  };
  struct Node {
    uint32_t entry, next;
  };
  size_t slot_of(uint64_t hash) const;  // its slot, or the free one where it goes
  std::vector<Slot> slots_;
  std::vector<Node> nodes_;
  size_t used_ = 0;
};

class SetIndex {
 public:
  // 0 < threshold <= 1.
  explicit SetIndex(double threshold);
  // Remembers the sorted set `tokens` as `entry`, in `group`: lookups only
  // return entries of their own group (a caller's hard condition, such as
  // "the same numbers").
  void add(const std::vector<uint32_t>& tokens, uint64_t group, uint32_t entry);
  // Sorted, unique entries of `group` that may reach the threshold with `tokens`.
  std::vector<uint32_t> candidates(const std::vector<uint32_t>& tokens, uint64_t group) const;

 private:
  void probe_postings(const std::vector<uint32_t>& tokens, uint64_t group, bool long_sets, size_t overlap,
                      std::vector<uint32_t>& out) const;

  double threshold_;
  size_t first_long_;  // sets at least this large are found by postings, smaller ones by subset hashes
  HashLists subsets_;  // (group, size, subset of a set) -> entries
  std::unordered_map<uint64_t, std::vector<uint32_t>> postings_;  // (group, token, long?) -> entries
};

}  // namespace dossier
