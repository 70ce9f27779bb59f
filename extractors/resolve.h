// Stage 2: which customers (and which other organisations) a text or a
// meeting is about.
#pragma once
#include <cstddef>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extractors/proper_names.h"
#include "extractors/segment.h"
#include "vault/meeting.h"
#include "vault/vault.h"

namespace dossier {

struct Mention {
  size_t offset = 0;  // byte offset in the searched text
  size_t length = 0;  // bytes of the mention (a whole [[wikilink]] for links)
  std::string name;   // canonical name: the customer's note title, or the organisation
  bool is_customer = false;
  bool wikilink = false;  // an explicit [[link]], not a plain-text mention
};

// Finds customers and other organisations in text. Built once per vault; the
// cost of find_mentions is linear in the text (words are looked up in a hash
// of every name's first word), not in the number of customers.
//
// Plain-text names match as whole words (Unicode-aware), with the case as
// written in the vault (they are proper nouns: "Lambda" but not "lambda"),
// never inside `code` spans, and not when the next or previous word is one of
// the customer's `not_when:` words ("Lambda functions"). [[Wikilinks]] to a
// customer ([[X]], [[X|alias]], [[X#heading]], [[Customers/X]]) and tags
// naming one ("#contoso", "#customer/tidewater-bank") always match.
class CustomerMatcher {
 public:
  explicit CustomerMatcher(const VaultIndex& vault);

  std::vector<Mention> find_mentions(std::string_view raw) const;
  // Customer names (canonical) mentioned in `text`, in order of first mention, unique.
  std::vector<std::string> customers_in(std::string_view text) const;
  // Canonical customer name for a name, alias or wikilink target; empty if none.
  std::string customer_named(std::string_view name_or_link) const;
  bool is_other_organization(std::string_view name) const;
  // Whether `text` speaks of a deal ("competitor", "quote"; templates/names.yaml).
  bool speaks_of_a_deal(std::string_view text) const { return boundaries_.speaks_of_a_deal(text); }
  // The case-folded words of every customer, alias and person the vault
  // knows: never part of a topic. Read once here, not once per meeting.
  const std::set<std::string>& vault_name_words() const { return vault_name_words_; }

 private:
  struct Target {
    std::string name;
    bool is_customer = false;
    std::vector<std::string> not_when;  // casefolded
  };
  struct Candidate {
    std::string text;   // the name or alias as written
    size_t target = 0;  // index into targets_
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  void add(std::string_view text, size_t target);
  bool blocked_by_neighbour(std::string_view text, size_t begin, size_t end, const Target& t) const;

  NameBoundaries boundaries_ = NameBoundaries::builtin();
  std::vector<Target> targets_;
  // first word of a name -> names starting with it (longest first)
  std::unordered_map<std::string, std::vector<Candidate>, Hash, std::equal_to<>> by_first_word_;
  // casefolded name / alias / path stem -> target, for wikilinks and frontmatter
  std::unordered_map<std::string, size_t, Hash, std::equal_to<>> by_folded_name_;
  std::set<std::string> vault_name_words_;
};

// Where evidence that a meeting concerns a customer was found.
enum class EvidenceSource { frontmatter, title, wikilink, mention, attendee, speaker };

struct CustomerEvidence {
  std::string customer;
  int line = 0;
  EvidenceSource how = EvidenceSource::mention;
};

// Every piece of evidence, in line order (frontmatter keys at their lines).
// Sources: frontmatter customer:/customers:/account: (names or wikilinks),
// the title, [[wikilinks]], #tags and plain mentions in the body blocks, and
// attendees and transcript speakers whose person note has `company:` naming
// a customer.
std::vector<CustomerEvidence> customer_evidence(const Meeting& meeting, const std::vector<Block>& blocks,
                                                const VaultIndex& vault, const CustomerMatcher& matcher);

// The customers a meeting is with, from the strongest kind of evidence it
// has: frontmatter keys; else attendees and speakers; else the title. Unique,
// in order of first evidence. None for an internal meeting: frontmatter
// `type: internal`, or no such evidence (a mere mention in the body does not
// make a meeting one with that customer).
std::vector<std::string> primary_customers(const std::vector<CustomerEvidence>& evidence,
                                           bool internal = false);
bool is_internal_meeting(const Meeting& meeting);  // frontmatter type: internal

// The customer an attendee works for (person note `company:`), or "".
std::string attendee_customer(std::string_view attendee, const VaultIndex& vault,
                              const CustomerMatcher& matcher);

// For tests:

// The customers a meeting concerns, in order of first evidence, unique.
std::vector<std::string> resolve_customers(const Meeting& meeting, const std::vector<Block>& blocks,
                                           const VaultIndex& vault, const CustomerMatcher& matcher);

}  // namespace dossier
