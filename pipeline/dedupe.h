// Dedupe of note lines: exact match on a normalised form, or near-duplicate
// by token-set similarity, through an index so the cost stays near linear in
// the number of existing lines.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dossier {

// The dedupe key of a line or item text: list syntax, checkboxes, markers
// (✅, "Signal:", ...), provenance "([[...]])" and other links' brackets
// removed, Unicode case-folded, punctuation dropped, whitespace collapsed.
std::string dedupe_key(std::string_view line);

// |A ∩ B| / |A ∪ B| over the word sets of two keys.
double token_set_similarity(std::string_view key_a, std::string_view key_b);

class DedupeIndex {
 public:
  explicit DedupeIndex(double threshold) : threshold_(threshold) {}
  // Remembers `key` as entry `id` (e.g. a body line index).
  void add(const std::string& key, size_t id);
  // The id of an entry equal to `key` or similar above the threshold.
  std::optional<size_t> find(const std::string& key) const;

 private:
  double threshold_;
  std::unordered_map<std::string, size_t> exact_;
  std::vector<std::string> keys_;
  std::vector<size_t> ids_;
  std::unordered_map<std::string, std::vector<size_t>> postings_;  // token -> entries
};

}  // namespace dossier
