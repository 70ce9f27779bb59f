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

// The line without indentation, list marker ("- ", "* ", "+ ", "1. ", "1) ")
// and task checkbox ("[ ] ", "[x] ", ...).
std::string_view strip_list_marker(std::string_view line);

// Offset of the trailing provenance group " ([[A]], [[B]])" of `line` (the
// '(' position), if the line ends with one (trailing blanks allowed).
std::optional<size_t> provenance_start(std::string_view line);

// |A ∩ B| / |A ∪ B| over the content-word sets of two keys (articles and
// possessive determiners such as "the", "a", "their" are left out).
double token_set_similarity(std::string_view key_a, std::string_view key_b);

// Equal keys, or similarity >= threshold (0 < threshold <= 1) and the same
// words with digits ("Q3", "2025", "40"): a changed number is another fact.
// DedupeIndex::find uses exactly this test.
bool near_duplicate(std::string_view key_a, std::string_view key_b, double threshold);

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
