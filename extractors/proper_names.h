// Whether a customer's name, found in text, stands inside a longer proper
// name: "Summit" in "AWS Summit London" or "Gartner Summit", "Lambda" in
// "AWS Lambda", "Beacon" in "Beacon Health". Such a mention is not the
// customer. The rule and its word list are data (templates/names.yaml).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

namespace dossier {

class NameBoundaries {
 public:
  // Parses a names file ({joiners: [...]}). Throws ConfigError(file, line,
  // message) for YAML that does not parse or an unknown key.
  static NameBoundaries parse(std::string_view yaml, const std::string& file);
  // The built-in one (templates/names.yaml).
  static NameBoundaries builtin();

  // When text[begin, end) (a name matched as whole words) has a capitalised
  // word right before or after it (separated by blanks only) that is not one
  // of the joiners, the name is part of another one: the byte span [first,
  // second) of that longer name ("AWS Summit London"). A word that opens a
  // sentence or line does not count before the name; an all-capital acronym
  // counts before the name, not after it.
  std::optional<std::pair<size_t, size_t>> longer_name(std::string_view text, size_t begin, size_t end) const;

  // True when `text` has one of the deal words ("competitor", "quote",
  // "price"): a sentence about another organisation that speaks of the
  // customer's deal with it, not of that organisation alone.
  bool speaks_of_a_deal(std::string_view text) const;

  // For tests:
  bool inside_longer_name(std::string_view text, size_t begin, size_t end) const {
    return longer_name(text, begin, end).has_value();
  }

 private:
  std::unordered_set<std::string> joiners_;     // casefolded
  std::unordered_set<std::string> deal_words_;  // casefolded
};

}  // namespace dossier
