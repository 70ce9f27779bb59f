// Who took part in a meeting and who was named in it, with what the meeting
// says about them: attendee lists and lines ("Attendees: ...", a Participants
// section, frontmatter), transcript speakers, "Jane Doe (Acme, CTO)",
// "Jane Doe, CTO at Acme", "Jane will be our technical contact" and
// "Contact: Jane Doe - CTO".
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "extractors/resolve.h"
#include "extractors/rules.h"
#include "extractors/segment.h"
#include "vault/meeting.h"
#include "vault/vault.h"

namespace dossier {

struct PersonSeen {
  std::string name;                // as written, honorifics dropped ("Amara Osei")
  std::vector<std::string> roles;  // what the meeting calls them, in order, unique
  std::string company;             // a customer or organisation named with them (canonical)
  int line = 0;                    // first line naming them
  bool attended = false;           // listed as attending, or a speaker
};

// Everyone the meeting lists or introduces, in order of first appearance.
std::vector<PersonSeen> people_in_meeting(const Meeting& meeting, const std::vector<Block>& blocks,
                                          const std::vector<std::optional<ItemKind>>& sections,
                                          const RuleSet& rules, const CustomerMatcher& matcher);

// "Attendees: ...", "**Teilnehmer:** ...": a line that lists who attended.
bool is_attendee_line(const Block& block, const RuleSet& rules);

// The own-company person who held the meeting: the first of our people who
// attended (a transcript's first internal speaker), else the first of our
// people the note names (full name, or a first name only one of them has).
std::string meeting_holder(const std::vector<PersonSeen>& people, const std::vector<Block>& blocks,
                           const VaultIndex& vault);

// The People note of a name: by name or alias, else for a first name alone
// ("Priya"), the one People note whose first name it is.
const Person* person_named(const VaultIndex& vault, std::string_view name);

// True when the person's People note puts them at the own company.
bool is_own_person(const VaultIndex& vault, std::string_view name);

}  // namespace dossier
