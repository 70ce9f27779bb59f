// Dossier's lines within a section are kept in the order of their meetings'
// dates: a line added later for an older meeting goes among dossier's lines
// at its date, never after a newer one. The user's lines are never moved;
// lines of undated meetings come after dated ones.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dossier {

// Case-folded meeting link target (as wikilink_targets gives it) -> the
// meeting's date as it states it ("" when it has none).
using MeetingDates = std::unordered_map<std::string, std::string>;

// A meeting's key in MeetingDates: how a link to it reads, case-folded.
std::string meeting_link_key(std::string_view meeting_name);

// The key a meeting's date sorts by: its YYYY-MM-DD, or a key after every
// date when it has none.
std::string date_order_key(std::string_view meeting_date);

// The MeetingDates keys of the meetings a list line's provenance cites.
std::vector<std::string> line_meeting_keys(std::string_view line);

// The key of a list line: the earliest meeting of its provenance group
// ("x ([[A]], [[B]])", Tasks fields after it allowed), or nullopt when it has no provenance or none of its
// meetings is in `dates` (then it orders nothing).
std::optional<std::string> line_order_key(std::string_view line, const MeetingDates& dates);

// Where a new line with `key` goes among `anchors` (body index, key of
// dossier's lines, in body order): before the first one that sorts after
// it; nullopt: after all of them (at the end of the section).
std::optional<size_t> date_position(const std::vector<std::pair<size_t, std::string>>& anchors,
                                    const std::string& key);

}  // namespace dossier
