// Putting customer notes back as they were before the last run: what
// `dossier undo` does, and what a run does first when it finds the journal
// of a run that never finished (killed, or a disk full at its last commit),
// so that recovering gives exactly the result of one uninterrupted run.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/state.h"
#include "vault/config.h"

namespace dossier {

// What undo did (or, in a dry run, would do) to one note of the journal.
struct UndoStep {
  enum Action { restore, remove, keep };
  Action action = keep;
  std::string path;     // vault-relative
  std::string message;  // keep: "PATH:1: why it is left as it is"
  std::string diff;     // dry run: the change undo would make
};

struct UndoReport {
  std::vector<UndoStep> steps;  // in journal order; notes already as before the run are not listed
  bool kept_any() const;
};

// Restores every note of the last run's journal that still holds what the
// run wrote (a note the user edited since stays as it is, and is listed in
// `kept`), with dossier's memory of it, and sets the run's meetings back to
// their state before it so that the next run processes them again. Journal
// paths are checked to lie in the customers folder: the journal is data
// anyone with the vault can edit. A dry run changes nothing.
UndoReport undo_last_run(const std::filesystem::path& root, const Config& config, StateStore& state, bool dry_run);

}  // namespace dossier
