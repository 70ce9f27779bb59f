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

#include "pipeline/set_index.h"
#include "pipeline/wording.h"
#include "vault/markdown_line.h"

namespace dossier {

// The dedupe key of a line or item text: list syntax, checkboxes, markers
// (✅, "Signal:", ...), provenance "([[...]])" and other links' brackets
// removed, Unicode case-folded, punctuation dropped, whitespace collapsed.
std::string dedupe_key(std::string_view line);

// Offset of the trailing provenance group " ([[A]], [[B]])" of `line` (the
// '(' position), if the line ends with one (trailing blanks allowed).
std::optional<size_t> provenance_start(std::string_view line);

// A text as DedupeIndex reads it, read once however many indexes it is
// looked up in or added to: a merge looks an item up in every section it
// may already be in. Keeps a view of the text: it must outlive this.
class DedupeText {
 public:
  explicit DedupeText(std::string_view text) : text_(text), key_(dedupe_key(text)) {}
  std::string_view text() const { return text_; }
  const std::string& key() const { return key_; }
  // Its wording in `reader`'s language, read on first need.
  const Wording& wording(const WordingReader& reader) const;

 private:
  std::string_view text_;
  std::string key_;
  mutable std::string language_;  // of wording_
  mutable std::optional<Wording> wording_;
};

// The default threshold, chosen from the precision/recall curve over the
// labelled pairs in fixtures/dedupe/pairs.tsv (tests/dedupe_pairs_test.cc).
inline constexpr double kDefaultDedupeThreshold = 0.75;

// Lines of one note, found again by any wording of the same item. Each line
// is read (stemmed) once, when added. Lookups stay near linear in the size
// of the note, whatever its vocabulary: only entries with the same numbers
// and negation that a set-similarity filter (set_index.h) lets through are
// compared, and they are the same ones a scan of every entry would accept.
class DedupeIndex {
 public:
  explicit DedupeIndex(double threshold, std::string_view language = "en");
  // Remembers `text` (a note line, an item's text or a dedupe key) as entry `id`.
  void add(std::string_view text, size_t id) { add(DedupeText(text), id); }
  void add(const DedupeText& text, size_t id);
  // The id of an entry with an equal key, else the most similar compatible one
  // at or above the threshold (the first added among equally similar ones).
  std::optional<size_t> find(std::string_view text) const { return find(DedupeText(text)); }
  std::optional<size_t> find(const DedupeText& text) const;
  // Entries find() has compared a text with so far: the work it did.
  size_t comparisons() const { return comparisons_; }

  // For tests:
  // What find() returns, by comparing `text` with every entry: the reference
  // the filter is tested against.
  std::optional<size_t> find_by_scan(std::string_view text) const;

 private:
  struct Entry {
    std::vector<uint32_t> tokens;  // token ids, sorted
    Wording wording;
    size_t id = 0;
  };

  // find() (through the filter) or find_by_scan() (every entry).
  std::optional<size_t> lookup(const DedupeText& text, bool scan) const;

  double threshold_;
  WordingReader reader_;
  std::unordered_map<std::string, size_t> exact_;
  TokenTable tokens_;
  SetIndex sets_;
  std::vector<Entry> entries_;
  mutable size_t comparisons_ = 0;
};

// For tests:

// |A ∩ B| / |A ∪ B| over the words of two keys or lines, compared by stem
// in the reader's language (see wording.h).
double token_set_similarity(std::string_view key_a, std::string_view key_b, const WordingReader& reader);

// Equal keys, or similarity >= threshold (0 < threshold <= 1) and nothing
// a similarity must not override differs: numbers ("Q3", "2025", "40"),
// negation, times, names (see wording.h). DedupeIndex::find uses exactly
// this test.
bool near_duplicate(std::string_view key_a, std::string_view key_b, double threshold,
                    const WordingReader& reader);

}  // namespace dossier
