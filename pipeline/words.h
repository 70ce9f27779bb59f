// Words of a note line or meeting sentence, for matching one against the
// other (closing the loop, superseding): case-folded tokens and a light stem.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "vault/meeting.h"

namespace dossier {

using Words = std::vector<std::string>;

// Case-folded words. Contractions are split into their word and a marker:
// "didn't" -> "did", "not"; "we'll" -> "we", "will"; "Jane's" -> "jane".
Words tokenize(std::string_view text);

// A light suffix stripper: "scheduled"/"schedule", "roadmaps"/"roadmap",
// "copied"/"copy", "shipped"/"ship" come out equal.
std::string stem(std::string word);

// Calls `fn(text, line)` for each line of the meeting's text that may hold a
// sentence: trimmed, outside code fences, not a heading, not blank; `line`
// is 1-based in the meeting file.
void for_each_body_line(const Meeting& meeting,
                        const std::function<void(std::string_view text, int line)>& fn);

// Whether `line` links to a meeting dated after `date` ("[[2026-03-01 ...]]"):
// a line a later meeting wrote is never changed by an earlier one.
bool links_newer_meeting(std::string_view line, std::string_view date);

}  // namespace dossier
