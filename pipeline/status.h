// Account status kept in agreement: a meeting that reports a change ("Status:
// won", "they renewed", "account at risk") sets frontmatter `status`, the
// Account Status table's Status row and a `status/...` tag, each only where
// the note already has it, so the three never disagree. The patterns are
// data: templates/rules/status.yaml.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"
#include "vault/meeting.h"
#include "vault/note.h"

namespace dossier {

struct AccountStatus {
  std::string value;    // "won", "at-risk": frontmatter and tag form
  std::string display;  // "Won", "At risk": table form

  bool operator==(const AccountStatus&) const = default;
};

// A status change and the case-folded sentence that reports it.
struct StatusMention {
  AccountStatus status;
  std::string sentence;

  bool operator==(const StatusMention&) const = default;
};

// Every status change the meeting's text reports, in order.
std::vector<StatusMention> status_mentions(const Meeting& meeting);

// The last status change reported for `customer`: in a sentence naming the
// customer, or anywhere when the meeting's title or name does or the meeting
// is about this customer alone (`sole_customer`: "Status: won" in the notes
// of a call with one customer is that customer's).
std::optional<AccountStatus> status_for(const std::vector<StatusMention>& mentions,
                                        const MeetingInfo& meeting, std::string_view customer,
                                        bool sole_customer = false);

// Sets the status in each of the three places the note has. Everything else
// stays byte for byte. Returns whether a byte changed.
bool set_account_status(Note& note, const AccountStatus& status);

// When the places the note has disagree: a Failure naming the note, line 1,
// "status disagrees (status: active, Account Status table: Prospect)";
// nullopt when they agree or there is at most one.
std::optional<Failure> status_disagreement(const Note& note);

// For tests: status_for over the meeting's own mentions.
std::optional<AccountStatus> reported_status(const Meeting& meeting, std::string_view customer);

}  // namespace dossier
