// Dedupe of note lines: exact match on a normalised form, or near-duplicate
// by similarity of stemmed word sets (wording.h), through an index so the
// cost stays near linear in the number of existing lines.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipeline/wording.h"

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

// |A ∩ B| / |A ∪ B| over the words of two keys or lines, compared by stem
// in the reader's language (see wording.h).
double token_set_similarity(std::string_view key_a, std::string_view key_b, const WordingReader& reader);

// Equal keys, or similarity >= threshold (0 < threshold <= 1) and nothing
// a similarity must not override differs: numbers ("Q3", "2025", "40"),
// negation, times, names (see wording.h). DedupeIndex::find uses exactly
// this test.
bool near_duplicate(std::string_view key_a, std::string_view key_b, double threshold, const WordingReader& reader);

// The default threshold, chosen from the precision/recall curve over the
// labelled pairs in fixtures/dedupe/pairs.tsv (tests/dedupe_pairs_test.cc).
inline constexpr double kDefaultDedupeThreshold = 0.75;

// Lines of one note, found again by any wording of the same item. Each line
// is read (stemmed) once, when added. Lookups stay near linear in the size
// of the note: a short item is found through hashes of the word sets it can
// share with a match (its words minus the few a match may lack), a long one
// through its rarest words; either way only a few lines are compared.
class DedupeIndex {
 public:
  explicit DedupeIndex(double threshold, std::string_view language = "en");
  // Remembers `text` (a note line, an item's text or a dedupe key) as entry `id`.
  void add(std::string_view text, size_t id);
  // The id of an entry with an equal key, else the most similar compatible one
  // at or above the threshold.
  std::optional<size_t> find(std::string_view text) const;

 private:
  struct Entry {
    std::vector<uint32_t> tokens;  // token ids, sorted
    Wording wording;
    size_t id = 0;
  };
  std::vector<uint32_t> intern_ids(const Wording& w);        // sorted token ids, new tokens added
  std::vector<uint32_t> lookup_ids(const Wording& w) const;  // sorted; unknown tokens get ids of their own
  std::vector<size_t> candidates(const std::vector<uint32_t>& tokens) const;

  double threshold_;
  WordingReader reader_;
  std::unordered_map<std::string, size_t> exact_;
  std::unordered_map<std::string, uint32_t> token_ids_;
  std::vector<Entry> entries_;
  std::vector<std::vector<uint32_t>> postings_;                 // token id -> entries holding it
  std::unordered_map<uint64_t, std::vector<uint32_t>> subsets_;  // word-set hash -> entries (short entries)
};

}  // namespace dossier
