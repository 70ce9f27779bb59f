// Items about the meeting as a whole rather than one line of it: the summary,
// contacts (attendees and speakers at customer companies) and frontmatter topics.
#pragma once
#include <optional>
#include <vector>

#include "extractors/item.h"
#include "extractors/resolve.h"
#include "extractors/rules.h"
#include "extractors/segment.h"
#include "pipeline/meeting.h"
#include "pipeline/vault.h"

namespace dossier {

// Appends the summary, contact and frontmatter-topic items to `out` (whose
// `customers` are already resolved). `sections[i]` is the item kind of block
// i's enclosing heading, if the rules list it.
void add_meeting_items(const Meeting& meeting, const std::vector<Block>& blocks,
                       const std::vector<std::optional<ItemKind>>& sections, const VaultIndex& vault,
                       const CustomerMatcher& matcher, const RuleSet& rules, Extraction& out);

}  // namespace dossier
