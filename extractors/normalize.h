// Stage 3 (with classification): the wording of an item as it goes into a customer note: markers,
// list syntax, checkboxes and emphasis around the whole text removed, spaces
// collapsed, the user's own words otherwise untouched.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace dossier {

// `text` without its first `marker_length` bytes (a rule marker such as
// "Decision: "), then: leading list syntax ("- ", "1. ") and checkbox ("[ ] "),
// separators left by the marker (": ", "- "), emphasis wrapping the whole text
// ("**...**", "_..._"), a trailing Obsidian block id (" ^a1b2"); runs of
// whitespace folded into one space; after a marker, the first letter
// capitalised ("Decision: go with X" -> "Go with X"). Wikilinks are kept as
// written.
std::string normalize_item_text(std::string_view text, size_t marker_length = 0);

}  // namespace dossier
