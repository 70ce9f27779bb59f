// Who owns a next step, and when it is due.
//
// Said in a transcript, "I'll send the guide by Friday" is the speaker's next
// step: first person is resolved to the speaker ("Tomás Herrera: send the
// guide by Friday"). A next step owned by someone at the customer is recorded
// as theirs, not as the user's open task ("Raj Patel (Orbital): set up a call
// with their CISO"); the user's side keeps a checkbox. Relative due dates
// ("by Friday", "tomorrow", "next week", "end of month", "EOQ") are resolved
// against the meeting's date.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "extractors/resolve.h"
#include "vault/item.h"
#include "vault/vault.h"

namespace dossier {

// "YYYY-MM-DD" for the first relative or explicit due date in `text`
// ("by Friday", "tomorrow", "today", "this afternoon", "next week", "end of
// the week", "end of month", "EOQ", "end of year", "in two weeks", "by Sep
// 19", "by 12/5" is not read), counted from `meeting_date`; "" when none or
// when the meeting date is unknown.
std::string resolve_due_date(std::string_view text, std::string_view meeting_date);

// For a next step: sets `due`, and for one said by a transcript speaker
// resolves first person to the speaker and marks one the customer's side owns
// as theirs (`Item::theirs`), rewriting its text as "Name (Customer): ...".
void assign_ownership(Item& item, std::string_view meeting_date, const VaultIndex& vault,
                      const CustomerMatcher& matcher);

}  // namespace dossier
