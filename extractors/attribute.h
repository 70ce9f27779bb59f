// Stage 5: each item goes to exactly one customer, or to none. Never to
// every customer a meeting mentions.
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
  std::string heading_customer;    // the one customer its enclosing heading names
  bool heading_other_org = false;  // its heading names only non-customer organisations
  std::string section_customer;    // the one customer its section's text names
  std::string stretch_customer;    // transcript: the one customer of the last few turns
};

// How many turns before the current one a customer mention still sets the
// subject of a transcript.
inline constexpr int kStretchTurns = 4;

// One context per block (same indexes). Headings: walking from the nearest
// heading outwards, the first heading that names a customer or organisation
// decides (exactly one customer -> it; only organisations -> none; several
// customers -> undecided). Section text: the innermost section whose text
// names customers decides if it names exactly one. Transcript turns: of this
// turn and the kStretchTurns before it, the latest that names customers (or
// only other organisations) decides if it names exactly one.
std::vector<BlockContext> block_contexts(const std::vector<Block>& blocks, const CustomerMatcher& matcher);

// The customer of an item, by the first rule that applies:
// 1. the item's text names a customer: the first one named;
// 2. it opens with a non-customer organisation ("Quantix announced..."): none
//    (one named further on, "send the terms to Corvid", does not decide);
// 3. its heading names one customer ("## Call with Müller"), or only other
//    organisations (none);
// 4. the meeting is mainly about exactly one customer (`primary_customers`,
//    see resolve.h): that one. This comes before 5 and 6 so that a passing
//    mention of another customer does not pull its neighbours away;
// 5. its section's text names exactly one customer;
// 6. its transcript stretch is about one customer (not when the latest turn
//    naming anyone named only other organisations);
// 7. none.
std::optional<std::string> attribute_item(std::string_view item_text, const BlockContext& context,
                                          const std::vector<std::string>& primary_customers,
                                          const CustomerMatcher& matcher);

}  // namespace dossier
