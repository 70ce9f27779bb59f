// How dedupe reads the words of an item: stems of its content words in the
// meeting's language, and what a stem must never blur (numbers, units,
// dates and times, names, negation), from a language pack in
// templates/dedupe.yaml. A line is read once; comparisons then only look at
// the result.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "util/stemmer.h"

namespace dossier {

struct Wording {
  std::vector<std::string> tokens;  // sorted, unique: stems, names, numbers, times (what similarity compares)
  std::vector<std::string>
      numbers;                     // sorted, unique: words with digits, number words as digits ("two" -> "2")
  std::vector<std::string> names;  // sorted, unique: capitalised words inside a sentence, acronyms
  std::vector<std::string> times;  // sorted, unique: "friday", "next", "q1"
  std::vector<std::string> words;  // sorted, unique: stems of the content words (no names, numbers, times)
  std::vector<std::string> capitals;  // sorted, unique: tokens of capitalised words (names, sentence openers)
  bool negated = false;               // holds a negation ("not", "won't", "nicht")
};

struct LanguagePack {
  bool names_by_case = true;
  std::unordered_set<std::string> stop_words, negations, times;
  std::unordered_map<std::string, std::string> numbers;  // word -> digits
};

class WordingReader {
 public:
  // `language`: ISO 639-1 code or name; languages without a pack use English's.
  explicit WordingReader(std::string_view language = "en");
  Wording read(std::string_view text) const;  // a note line, an item's text, or a dedupe key
  Wording read(std::string_view text, std::string_view key) const;  // key: dedupe_key(text), known already
  // What it was made with: readers of one language read alike.
  const std::string& language() const { return language_; }

 private:
  std::string language_;
  LanguagePack pack_;
  Stemmer stemmer_;
};

// |A ∩ B| / |A ∪ B| over the tokens.
double similarity(const Wording& a, const Wording& b);

// The rules no similarity overrides: the same numbers and negation, no
// conflicting times (equal, or on one side only), and no name on one side that conflicts with the other's
// (one side's names are a subset of the other's: "Send the deck" and "Sam to send the deck" may be one item,
// "Sam to send" and "Dana to send" are two).
bool compatible(const Wording& a, const Wording& b);

// For tests:

// The language of a meeting note: frontmatter `language:` or `lang:`, else "en".
struct Meeting;
std::string meeting_language(const Meeting& meeting);

}  // namespace dossier
