// Items about the meeting as a whole rather than one line of it: the summary,
// contacts (attendees and speakers at customer companies) and frontmatter topics.
#pragma once
#include <optional>
#include <vector>

#include "extractors/resolve.h"
#include "extractors/rules.h"
#include "extractors/segment.h"
#include "extractors/topics.h"
#include "vault/item.h"
#include "vault/meeting.h"
#include "vault/vault.h"

namespace dossier {

// Appends the summary, contact, frontmatter-topic and key-phrase items to
// `out`. `phrase_counts` (may be null) says how common phrases are in the
// vault's other meetings.
// `sections[i]` is the item kind of block i's enclosing heading, if the rules
// list it; `primary` the customers the meeting is mainly about (resolve.h).
void add_meeting_items(const Meeting& meeting, const std::vector<Block>& blocks,
                       const std::vector<std::optional<ItemKind>>& sections,
                       const std::vector<std::string>& primary, const VaultIndex& vault,
                       const CustomerMatcher& matcher, const RuleSet& rules,
                       const PhraseCounts* phrase_counts, Extraction& out);

}  // namespace dossier
