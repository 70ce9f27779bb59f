// The one object of a run that changes the vault. Every note it writes is
// journalled first (write-ahead, see undo.h), so that a run killed at any
// instant can be undone exactly; the run's journal begins at its first
// write. Everything else a run computes is a pure input to it.
#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/state.h"

namespace dossier {

struct NoteReplacement {
  std::string relative;                       // vault-relative path, as journalled
  std::filesystem::path path;                 // the checked path on disk
  std::optional<std::string> before;          // what was read; nullopt: the note is created
  std::string after;                          // what it becomes
  NoteMemory memory_before;                   // dossier's memory of the note before this run
  std::vector<JournalMeeting> meetings = {};  // journalled with the note: undo resets them too
};

class JournalledWriter {
 public:
  explicit JournalledWriter(StateStore& state) : state_(state) {}

  // Journals the replacement, then swaps the note only if it still holds
  // `before` (guarded_write.h: the user may be typing into it). Returns
  // false, with the journal entry taken back, when it did not; rethrows an
  // I/O failure likewise. `on_written` runs in the state transaction that
  // follows a write (dossier's memory of the note follows the write).
  bool replace(const NoteReplacement& r, const std::function<void(StateStore&)>& on_written = {});

  // Whether anything was journalled (the run then closes its journal).
  bool started() const { return started_; }
  // For reads (memories, hashes) and for the run's own last commit.
  StateStore& state() { return state_; }

 private:
  StateStore& state_;
  bool started_ = false;
};

}  // namespace dossier
