// Which meetings a run reads: new or revised ones (by content hash), all of
// them with --full, or the one of `note MEETING`; a meeting renamed or moved
// is recognised by its content.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/runner.h"
#include "pipeline/state.h"
#include "util/error.h"
#include "vault/config.h"
#include "vault/meeting.h"

namespace dossier {

// A meeting to process, without its text: what the customer notes cite and
// what the state store records of it.
struct LoadedMeeting {
  MeetingInfo info;
  std::string hash;              // content hash
  std::string stat;              // stat signature ("" when unknown)
  bool revised = false;          // processed before with other content
  bool llm_was_pending = false;  // recorded with its LLM part still to do
  // Renamed or moved: the path dossier knew the same content under, gone now.
  std::string renamed_from;
  std::vector<std::string> declared;  // customers its frontmatter names (declared_customers)
};

struct MeetingScan {
  std::vector<LoadedMeeting> to_process;  // in date order; their texts are read again (read_again)
  std::vector<std::pair<std::string, std::string>> restat;  // unchanged content, new stat signature
  int seen = 0;
  int skipped = 0;                     // unchanged, before --since, or settling
  std::vector<std::string> settling;   // skipped: saved less than settle_s ago
  std::vector<FailedMeeting> failed;   // could not be read (kind "read")
  std::vector<Failure> walk_failures;  // folders the walk could not read: their meetings were not seen
};

// Reads the meetings to process. A file whose stat signature is the one
// recorded with its hash is not even read; files are read and parsed in
// parallel. Reads the state store, changes nothing. Keeps no meeting's
// text: a run of thousands of meetings reads them again a chunk at a time.
MeetingScan scan_meetings(const std::filesystem::path& root, const Config& config, const RunOptions& options,
                          StateStore& state);

// The texts of `meetings` as the scan read them, read and parsed again (in
// parallel): nullopt for a meeting whose file no longer holds what the scan
// read (saved again meanwhile, moved or gone), which waits for the next run.
std::vector<std::optional<Meeting>> read_again(const std::filesystem::path& root, const Config& config,
                                               const std::vector<const LoadedMeeting*>& meetings);

}  // namespace dossier
