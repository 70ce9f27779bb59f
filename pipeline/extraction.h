// The extraction stage as the runner sees it: meetings in, items out, with
// the extractor (rules, llm or hybrid) chosen by configuration.
#pragma once
#include <string>
#include <vector>

#include "vault/item.h"
#include "vault/config.h"
#include "vault/meeting.h"
#include "vault/vault.h"

namespace dossier {

class StateStore;
class ProgressMeter;

struct MeetingExtraction {
  Extraction extraction;
  std::string error;  // non-empty: the meeting failed ("path:line: message")
  // Hybrid only: the LLM part failed ("path:line: message"). `extraction`
  // then holds the rule items alone, and the LLM part is still to do.
  std::string llm_error;
};

// Extracts every meeting, several at once for the LLM. `cache` (may be null)
// holds LLM responses between runs; `progress` (may be null) counts the
// meetings done. Throws ConfigError for bad rule files.
std::vector<MeetingExtraction> extract_meetings(const std::vector<const Meeting*>& meetings,
                                                const VaultIndex& vault, const Config& config,
                                                ExtractorKind kind, StateStore* cache,
                                                ProgressMeter* progress = nullptr);

// True when a meeting with text in it yielded no decision, fact, opportunity,
// next step or blocker: worth a warning ("PATH: no items extracted"), as the
// note may be in a language or a layout the rules do not read.
bool extracted_nothing(const Meeting& meeting, const Extraction& extraction);

}  // namespace dossier
