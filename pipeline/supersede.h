// Supersede: when a later meeting gives a new value for the same thing
// ("Footprint is 120 PB" then "footprint now 200 PB"), the older line dossier
// wrote is struck through and dated, and the new line follows it, so the
// note shows which value is current and keeps the history.
//
// A line's words split into values (words with a digit, months, states:
// templates/rules/supersede.yaml) and subject (the rest, minus words that
// only say "changed"). A new line supersedes an older one when both have
// values, the values differ, there are as many of them, and the subjects
// agree: equal, or sharing two words with a Jaccard overlap of at least 0.6.
// Numbers that describe different things have different subjects ("Lisbon
// site 120 PB" / "Porto site 200 PB") and are left side by side; so are two
// values for different years ("2026 budget 2M" / "2027 budget 3M").
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipeline/set_index.h"

namespace dossier {

// The lines of one section superseded_line() looks at, each read once: a
// lookup reads only the lines whose subject may agree with the new one
// (set_index.h), so that it costs about the same in a long section as in a
// short one, and it decides as superseded_line() over all of them does.
class SupersedeIndex {
 public:
  SupersedeIndex();
  // Line `id` now reads `line` (a line added, or changed since it was set).
  void set(size_t id, std::string_view line);
  // The id superseded_line() would give over the lines set, each at its
  // latest text.
  std::optional<size_t> find(std::string_view new_text, std::string_view meeting_name,
                             std::string_view meeting_date) const;
  // Lines find() has compared a new one with so far: the work it did.
  size_t comparisons() const { return comparisons_; }

 private:
  struct Entry {
    size_t id;
    std::string text;
    std::vector<uint32_t> subject;  // token ids, sorted; empty: never superseded
  };
  TokenTable tokens_;
  SetIndex subjects_;
  std::vector<Entry> entries_;
  std::unordered_map<size_t, uint32_t> latest_;  // line id -> its entry
  mutable size_t comparisons_ = 0;
};

// For tests: the reference SupersedeIndex is checked against.

// The index into `lines` (lines dossier wrote in the section) of the single
// line `new_text` supersedes, or nullopt when none or more than one would.
// Lines struck already, linked to `meeting_name` (one meeting may give two
// values) or from meetings newer than `meeting_date` are never superseded.
std::optional<size_t> superseded_line(std::string_view new_text, const std::vector<std::string>& lines,
                                      std::string_view meeting_name, std::string_view meeting_date);

}  // namespace dossier
