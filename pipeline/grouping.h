// From meetings' items to the notes to write: each customer's items, meeting
// by meeting in date order, plus what the run reports about them.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/customer_writer.h"
#include "pipeline/extract_stage.h"
#include "pipeline/meeting_scan.h"
#include "pipeline/runner.h"
#include "vault/vault.h"

namespace dossier {

// A meeting that cannot be processed: its extraction failed, or it names a
// customer whose note could not be read (its other notes are still written).
struct GroupFailure {
  size_t meeting = 0;                    // index in the run's meetings
  std::optional<Failure> extract_error;  // set: the extraction failed
  std::string blocking_note;             // otherwise: the customer note that blocks it
};

struct Grouped {
  std::map<std::string, CustomerWrite> writes;  // by customer name
  // The indexes of the meetings behind each customer's write: they fail
  // (and are retried) when the note cannot be written.
  std::map<std::string, std::vector<size_t>> meetings_of;
  // What grouping found, for the run to report:
  std::vector<GroupFailure> failures;  // in meeting order
  std::vector<Failure> llm_pending;    // hybrid: the LLM part failed
  std::vector<std::string> warnings;   // "PATH: no items extracted"
  std::vector<UnattributedItem> unattributed;
};

// Per meeting `meetings[i]` and its `extractions[i]`, in that order.
// `reports` are what each meeting reports done or resolved (merge.h);
// `citing` the notes that cite each renamed meeting by its old name; `fed`
// the notes each revised meeting fed before (meeting path -> note paths).
Grouped group_by_customer(const VaultIndex& vault, const std::vector<LoadedMeeting>& meetings,
                          const std::vector<MeetingExtraction>& extractions,
                          const std::vector<MeetingReports>& reports,
                          const std::vector<std::vector<std::string>>& citing,
                          const std::map<std::string, std::vector<std::string>>& fed);

}  // namespace dossier
