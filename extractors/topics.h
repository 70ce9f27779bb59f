// Key phrases of a meeting for Topics / Themes: words and short phrases that
// recur in the meeting and are rarer in the vault's other meetings (a phrase
// that recurs in many meetings is what every meeting says, not a topic).
#pragma once
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/rules.h"
#include "extractors/segment.h"

namespace dossier {

// In how many meetings each phrase key recurs (occurs twice or more), over
// a set of meetings: the vault's, from the state store, or the ones a
// command reads; empty when unknown, and then only recurrence in the
// meeting itself counts.
struct PhraseCounts {
  std::map<std::string, int> meetings_with;  // phrase key -> meetings
  int meetings = 0;
};

struct KeyPhrase {
  std::string text;  // as first written ("data flows")
  std::string key;   // case and plurals folded ("data flow")
  int line = 0;      // first occurrence
  int count = 0;     // occurrences in the meeting
};

// The case-folded words of `names`, none of which is ever part of a topic.
std::set<std::string> name_words(const std::vector<std::string>& names);

// Candidate phrases of one meeting (1-3 words between stopwords and
// punctuation), with their counts. `exclude` are names (people, customers)
// that are never topics; so are the words in `excluded_words` (may be null),
// the vault's names, read once per run rather than once per meeting.
std::vector<KeyPhrase> phrase_candidates(const std::vector<Block>& blocks, const RuleSet& rules,
                                         const std::vector<std::string>& exclude,
                                         const std::set<std::string>* excluded_words = nullptr);

// The keys of the phrases that recur in one meeting (seen twice or more),
// sorted: what the meeting counts for in PhraseCounts.
std::vector<std::string> recurring_keys(const std::vector<KeyPhrase>& phrases);

// Adds one meeting's recurring phrase keys to `counts`.
void count_phrases(const std::vector<std::string>& keys, PhraseCounts& counts);

// Adds the counts of other meetings to `counts`.
void add_counts(const PhraseCounts& other, PhraseCounts& counts);

// The 2-4 best key phrases: seen at least twice (single words four times),
// ranked by count, length and rarity in `counts`; a phrase inside a longer
// one seen as often goes, and so does one that recurs in more than half of
// the other meetings `counts` knows (from three meetings on).
// Empty when fewer than two qualify.
std::vector<KeyPhrase> key_phrases(std::vector<KeyPhrase> candidates, const PhraseCounts& counts);

// "Data Flows" -> "data flow": case folded, each word's plural dropped.
std::string topic_key(std::string_view phrase);

}  // namespace dossier
