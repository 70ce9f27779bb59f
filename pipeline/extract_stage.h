// The extraction stage as the runner sees it: meetings in, items out, with
// the extractor (rules, llm or hybrid) chosen by configuration.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "extractors/llm_extractor.h"
#include "extractors/topics.h"
#include "util/error.h"
#include "vault/config.h"
#include "vault/item.h"
#include "vault/meeting.h"
#include "vault/vault.h"

namespace dossier {

class StateStore;
class ProgressMeter;
struct RuleSet;
class CustomerMatcher;

struct MeetingExtraction {
  Extraction extraction;
  std::optional<Failure> error;  // the meeting failed
  // Hybrid only: the LLM part failed. `extraction` then holds the rule items
  // alone, and the LLM part is still to do.
  std::optional<Failure> llm_error;
  // The phrase keys that recur in the meeting (topics.h), for the state
  // store's counts; empty when only the LLM extracted it.
  std::vector<std::string> phrase_keys;
  // A meeting with text in it that yielded nothing to file (extracted_nothing):
  // told while the text is at hand, since a run frees it after extraction.
  bool nothing_extracted = false;
};

// In how many of the vault's meetings, other than the ones being extracted,
// each of `keys` recurs (StateStore::phrase_counts): how rare a topic is.
using OtherMeetingsCounts = std::function<PhraseCounts(const std::vector<std::string>& keys)>;

// Extracts every meeting with `config.extractor`, several at once for the
// LLM. `llm_cache` holds LLM responses (a StateResponseCache keeps them
// between runs); `progress` (may be null) counts the
// meetings done. Topics are phrases rarer in the vault's other meetings
// (`elsewhere`) and in these; without `elsewhere` (`extract`, `eval`, which
// do not open the state store), in these meetings only, and only when there
// are three or more. `preloaded` (may be null) are the rules the caller loaded
// from `config` already. Throws ConfigError for bad rule files.
std::vector<MeetingExtraction> extract_meetings(const std::vector<const Meeting*>& meetings,
                                                const VaultIndex& vault, const Config& config,
                                                ResponseCache& llm_cache, ProgressMeter* progress = nullptr,
                                                const OtherMeetingsCounts& elsewhere = {},
                                                const RuleSet* preloaded = nullptr);

// The two steps of extract_meetings, for a run that streams its meetings
// through them a chunk at a time: first the phrase keys of every meeting and
// their counts, then the extraction of each chunk with those counts.
// The phrase keys that recur in each meeting (topics.h).
std::vector<std::vector<std::string>> meeting_phrase_keys(const std::vector<const Meeting*>& meetings,
                                                          const RuleSet& rules);
// How many meetings each phrase recurs in: `counted` (count_phrases of each
// meeting's keys) plus the vault's other meetings (`elsewhere`, may be
// empty). No counts (topics are then not weighed) below three meetings in all.
PhraseCounts topic_counts(PhraseCounts counted, const OtherMeetingsCounts& elsewhere);
// Extracts `meetings` with topics weighed by `counts`; leaves phrase_keys
// empty. `rules` may be null (then loaded from `config`); so may `matcher`
// (then built from `vault`: a run that extracts chunk after chunk builds it
// once, and again only when the vault changes).
std::vector<MeetingExtraction> extract_counted(const std::vector<const Meeting*>& meetings,
                                               const VaultIndex& vault, const Config& config,
                                               ResponseCache& llm_cache, ProgressMeter* progress,
                                               const PhraseCounts& counts, const RuleSet* rules,
                                               const CustomerMatcher* matcher = nullptr);

// LLM answers kept in the state store, so that a re-run over unchanged
// notes makes no request.
class StateResponseCache : public ResponseCache {
 public:
  explicit StateResponseCache(StateStore& state) : state_(state) {}
  std::optional<std::string> get(const std::string& key) override;
  void put(const std::string& key, const std::string& value) override;

 private:
  StateStore& state_;
};

// True when a meeting with text in it yielded no decision, fact, opportunity,
// next step or blocker: worth a warning ("PATH: no items extracted"), as the
// note may be in a language or a layout the rules do not read.
bool extracted_nothing(const Meeting& meeting, const Extraction& extraction);

}  // namespace dossier
