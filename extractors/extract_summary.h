// The one-line account of a meeting for Recent Context: what it was about and
// what came of it, in the meeting's own words, never a file name, a header
// line, an attendee list or a bare title.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "extractors/rules.h"
#include "extractors/segment.h"
#include "vault/item.h"
#include "vault/meeting.h"

namespace dossier {

struct SummarySource {
  std::string text;
  int line = 0;
};

// In order: frontmatter `summary:`; the most informative sentence of a
// Summary / TL;DR section; a closing summary ("So to sum up: ...", the last
// one of a transcript); the title plus the meeting's top decision, else its
// first topic or item; the first informative paragraph sentence; the title.
// `items` are the meeting's items so far (line order); `holder` the one of
// our people who held the meeting (their closing words count most). Dates are dropped from
// titles; a title that is only a date gives way to the item's heading.
SummarySource summarize_meeting(const Meeting& meeting, const std::vector<Block>& blocks,
                                const std::vector<std::optional<ItemKind>>& sections, const RuleSet& rules,
                                const std::vector<Item>& items, const std::string& holder);

// The title people would read: `meeting.title` without a date in it ("Sync -
// Nov 3, 2025" -> "Sync"); "" when the title is only a date (a daily note).
std::string display_title(const Meeting& meeting);

// What names the part of the meeting an item at `line` comes from: the
// display title, else (a daily note) the heading the item sits under when it
// names no kind ("Call with Acme"), else "".
std::string title_for_item(const Meeting& meeting, const std::vector<Block>& blocks, const RuleSet& rules,
                           int line);

}  // namespace dossier
