// Words of a note line or meeting sentence, for matching one against the
// other (closing the loop, superseding): case-folded tokens and a light stem.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

using Words = std::vector<std::string>;

// Case-folded words. Contractions are split into their word and a marker:
// "didn't" -> "did", "not"; "we'll" -> "we", "will"; "Jane's" -> "jane".
Words tokenize(std::string_view text);

// A light suffix stripper: "scheduled"/"schedule", "roadmaps"/"roadmap",
// "copied"/"copy", "shipped"/"ship" come out equal.
std::string stem(std::string word);

bool has_digit(std::string_view word);

}  // namespace dossier
