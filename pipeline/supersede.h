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
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// The index into `lines` (lines dossier wrote in the section) of the single
// line `new_text` supersedes, or nullopt when none or more than one would.
// Lines struck already, linked to `meeting_name` (one meeting may give two
// values) or from meetings newer than `meeting_date` are never superseded.
std::optional<size_t> superseded_line(std::string_view new_text, const std::vector<std::string>& lines,
                                      std::string_view meeting_name, std::string_view meeting_date);

}  // namespace dossier
