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
#include "util/spill.h"
#include "vault/vault.h"

namespace dossier {

// A meeting that cannot be processed: its extraction failed, or it names a
// customer whose note could not be read (its other notes are still written).
struct GroupFailure {
  size_t meeting = 0;                    // index in the run's meetings
  std::optional<Failure> extract_error;  // set: the extraction failed
  std::string blocking_note;             // otherwise: the customer note that blocks it
};

// A customer's share of the run: its meetings' items wait packed in the
// run's Spill (packed_items.h) until its note is written, so that a run
// holds a few notes' items at a time, not every meeting's.
struct GroupedWrite {
  std::string name;                // customer name
  std::string note_path;           // vault-relative path of its note
  std::vector<Spill::Span> batch;  // its MeetingItems, meeting by meeting, in the run's order
  std::vector<MeetingRename> renames;
  bool only_retracts = true;  // every meeting of the batch is `dropped`
};

struct Grouped {
  std::map<std::string, GroupedWrite> writes;  // by customer name
  // The indexes of the meetings behind each customer's write: they fail
  // (and are retried) when the note cannot be written.
  std::map<std::string, std::vector<size_t>> meetings_of;
  // What grouping found, for the run to report:
  std::vector<GroupFailure> failures;          // in meeting order
  std::vector<Failure> llm_pending;            // hybrid: the LLM part failed
  std::vector<std::string> warnings;           // "PATH: no items extracted"
  std::vector<UnattributedItem> unattributed;  // when list_unattributed
  bool list_unattributed = true;
};

// Adds meeting `index` of the run (`meeting`, extracted as `extraction`) to
// `grouped`, meetings in the run's order, its items packed into `spill`.
// `reports` are what it reports done or resolved (merge.h); `citing` the
// notes that cite it by its old name when renamed; `fed` (may be null) the
// notes it fed before when revised.
void group_meeting(const VaultIndex& vault, size_t index, const LoadedMeeting& meeting,
                   const MeetingExtraction& extraction, const MeetingReports& reports,
                   const std::vector<std::string>& citing, const std::vector<std::string>* fed, Spill& spill,
                   Grouped& grouped);

// The write of `grouped`, its items read back from `spill`, each batch entry
// pointing at its meeting in `meetings` (the run's).
CustomerWrite unpacked_write(const GroupedWrite& grouped, const std::vector<LoadedMeeting>& meetings,
                             const Spill& spill);

}  // namespace dossier
