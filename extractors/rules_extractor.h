// The rules extractor: segment (1) -> resolve customers (2) -> classify and
// normalise (3) -> drop noise (4) -> attribute (5) -> items about the whole
// meeting. Offline and deterministic. ARCHITECTURE.md lists the stages.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "extractors/resolve.h"
#include "extractors/rules.h"
#include "extractors/topics.h"
#include "vault/item.h"
#include "vault/meeting.h"
#include "vault/vault.h"

namespace dossier {

// Items of one meeting, in line order, each attributed to one customer or none:
// - blocks under a heading the rules list (Decisions, Action Items, Risks,
//   Opportunities, Facts, Topics) are items of that kind, unless hedged;
// - a marker at the start of a bullet or sentence ("Decision:", "✅", "TODO")
//   sets the kind whatever the heading; open tasks "- [ ]" are next steps;
// - elsewhere (Notes, Discussion, transcripts) sentences with a cue phrase are
//   items of the cue's kind; hedged sentences never become decisions or next steps;
// - the noise stage (noise.h) drops boilerplate, pleasantries and personal
//   lines before attribution; items under a personal heading, and in a mixed
//   note (a daily note with a section per customer) lines outside the
//   customer sections that name no customer, go to no customer;
// - one `summary` per meeting, `contact` items for attendees at customer
//   companies, `topic` items from Topics sections and frontmatter `topics:`.
// - 2-4 key phrases as topics (key_phrases, topics.h), rarer ones first when
//   `phrase_counts` (may be null) says how common phrases are in other meetings.
Extraction extract_rules(const Meeting& meeting, const VaultIndex& vault, const CustomerMatcher& matcher,
                         const RuleSet& rules, const PhraseCounts* phrase_counts = nullptr);

// The one-line summary of a meeting: frontmatter `summary:`, else the first
// sentence of a Summary / TL;DR section, else the first sentence of the first
// plain paragraph, else the title; cut at a word boundary to at most
// `max_chars` characters (code points) with "…".
inline constexpr size_t kSummaryMaxChars = 200;
std::string shorten(std::string_view text, size_t max_chars = kSummaryMaxChars);

}  // namespace dossier
