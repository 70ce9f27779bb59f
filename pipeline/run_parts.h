// The parts of run_pipeline (runner.h), one file each: reading the run's
// meetings again a chunk at a time to extract and group them
// (run_extract.cc), and writing the customer notes a chunk at a time
// (run_notes.cc). Internal to the pipeline.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/extract_stage.h"
#include "pipeline/grouping.h"
#include "pipeline/journalled_writer.h"
#include "pipeline/meeting_scan.h"
#include "pipeline/runner.h"
#include "util/spill.h"

namespace dossier {

struct RunContext {
  const std::filesystem::path& root;
  const Config& config;
  const RunOptions& options;
};

// A note or folder that failed, once: a second failure of the same path in
// one run (its write retried, both walks seeing it) adds nothing.
void note_failed(RunReport& report, Failure failure, const char* kind);

// What the state store says of the run's renamed and revised meetings.
struct MeetingHistory {
  std::vector<std::vector<std::string>> citing;         // per meeting: notes citing it by its old name
  std::map<std::string, std::vector<std::string>> fed;  // revised meeting path -> notes it fed before
};

struct ExtractedRun {
  // Per meeting: whether its LLM part failed (hybrid), and is still to do.
  std::vector<bool> llm_failed;
  // Per meeting, its phrase keys (packed texts; empty for the LLM), which
  // the state store counts once the meeting is processed.
  std::vector<Spill::Span> phrase_keys;
  // Meetings whose file no longer held what the scan read: not processed,
  // left for the next run.
  std::vector<size_t> changed;
  Grouped grouped;
};

// The phrase keys of `span` (ExtractedRun::phrase_keys).
std::vector<std::string> phrase_keys(const Spill& spill, Spill::Span span);

// Reads `meetings` again, a chunk of options.meetings_per_chunk at a time,
// twice: once for the phrase keys that weigh topics across them all, once to
// extract each chunk, make its People notes (create_people, through
// `writer`), and group its items by customer into `spill`. Sets each
// meeting's attendees as matched against `vault`.
ExtractedRun extract_and_group(const RunContext& run, StateStore& state, std::vector<LoadedMeeting>& meetings,
                               const MeetingHistory& history, VaultIndex& vault, JournalledWriter& writer,
                               Spill& spill, RunReport& report);

// What writing the notes did.
struct NotesWritten {
  int items_added = 0;
  int items_merged = 0;
  std::vector<Change> changes;  // when options.list_items
  std::string diff;             // dry run
  std::vector<std::string> created, updated;
  std::vector<std::pair<std::string, Failure>> failed;  // customers whose notes could not be updated
};

// Writes each customer's note from `grouped` (its items read back from
// `spill`), a chunk of notes at a time. `may_create`: notes missing may be
// made (the vault index is whole).
NotesWritten write_notes(const RunContext& run, JournalledWriter& writer, const Grouped& grouped,
                         const std::vector<LoadedMeeting>& meetings, const Spill& spill, bool may_create);

}  // namespace dossier
