// Spoken sentences made readable: what a transcript says, as a person would
// write it down in a customer note.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace dossier {

// A sentence of a transcript turn without what speech adds and writing does
// not: fillers ("um", "uh", "erm", "hmm", "mm-hmm", "you know", "I mean"),
// false starts ("des- uh design" -> "design"), doubled words ("the the",
// "I'm, I'm"), a leading "yeah and", "okay so", "so", "well", "right", a
// trailing "right?" or "you know?"; stray markup and timestamps dropped,
// spaces folded, the first letter capitalised. May return "" (a sentence
// that was only fillers).
std::string clean_speech(std::string_view sentence);

// At most `max_chars` characters (code points): cut at the last sentence end
// before the limit, else at the last clause break (", ", "; ", " - "), else at
// a word, with "…" when words were cut off.
inline constexpr size_t kMaxSpokenItemChars = 300;
std::string cap_spoken_length(std::string_view text, size_t max_chars = kMaxSpokenItemChars);

}  // namespace dossier
