// Stage 5: each item goes to the customer it is about, to none, or (shared)
// to every customer the meeting is with. Never to every customer a meeting
// merely mentions.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/resolve.h"
#include "extractors/segment.h"

namespace dossier {

// What the surroundings of a block say about whom it concerns.
struct BlockContext {
  std::string heading_customer;  // the one customer its enclosing heading names
  std::string stretch_customer;  // transcript: the one customer of the last few turns
};

// How many turns before the current one a customer mention still sets the
// subject of a transcript.
inline constexpr int kStretchTurns = 4;

// One context per block (same indexes). Headings: walking from the nearest
// heading outwards, the first heading that names a customer or organisation
// decides (exactly one customer -> it; only organisations or several
// customers -> none). Transcript turns: of this turn and the kStretchTurns
// before it, the latest that names customers (or only other organisations)
// decides if it names exactly one.
std::vector<BlockContext> block_contexts(const std::vector<Block>& blocks, const CustomerMatcher& matcher);

// The customers of an item (none, one, or every customer of the meeting),
// by the first rule that applies. `meeting_customers` are the customers the
// meeting is with (`primary_customers`, see resolve.h); none for an internal
// meeting.
// 1. the item's text names a customer: the first one named;
// 2. its heading names one customer ("## Call with Müller");
// In an internal meeting that is all: an item elsewhere goes nowhere, even
// if a customer is named nearby. Otherwise:
// 3. the meeting is with exactly one customer: that one. An item about
//    another organisation stays with it when it speaks of the deal ("Pure
//    Storage is the main competitor; their quote came in 15% lower"), and goes
//    nowhere when it is that organisation's own news ("Pure's new array ships
//    in May"; deal words: templates/names.yaml). This comes before 4 so that
//    a passing mention of another customer does not pull its neighbours away;
// 4. its transcript stretch is about one customer (see block_contexts);
// 5. every customer of the meeting: an item the meeting does not tell apart
//    is shared, never given to whichever customer is named more often.
// In a meeting with no customer, an item about a non-customer organisation
// (it opens with it, "Quantix announced...", or sits under a heading naming
// only organisations) goes nowhere.
std::vector<std::string> attribute_item(std::string_view item_text, const BlockContext& context,
                                        const std::vector<std::string>& meeting_customers,
                                        const CustomerMatcher& matcher);

}  // namespace dossier
