// `dossier run` and `dossier note`: meetings in, customer notes out.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "vault/config.h"
#include "pipeline/merge.h"
#include "pipeline/state.h"

namespace dossier {

struct RunOptions {
  bool full = false;                  // reprocess meetings the state has seen
  bool dry_run = false;               // write nothing; collect a diff
  std::string since;                  // only meetings dated on/after this
  std::optional<std::string> single;  // `note MEETING`: this vault-relative path only
  std::string today;                  // YYYY-MM-DD for footers and new notes
  ExtractorKind extractor = ExtractorKind::rules;
  bool progress = false;              // a progress line on stderr
  // A meeting file modified less than this many seconds ago is left for the
  // next run (counted as skipped): it is probably still being typed.
  int settle_s = 0;
};

struct RunReport {
  int meetings_seen = 0;
  int meetings_processed = 0;
  int meetings_skipped = 0;
  std::vector<std::string> meetings_settling;  // skipped: saved less than settle_s ago
  std::vector<std::pair<std::string, std::string>> meetings_failed;  // path, error
  std::vector<std::string> warnings;  // "PATH: no items extracted"
  std::vector<std::string> notes_created;
  std::vector<std::string> notes_updated;
  int items_added = 0;
  int items_merged = 0;
  std::vector<Change> changes;  // per customer note, what each item did
  std::string diff;  // --dry-run
};

RunReport run_pipeline(const std::filesystem::path& vault, const Config& config, const RunOptions& options,
                       StateStore& state);

}  // namespace dossier
