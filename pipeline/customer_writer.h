// Writes one customer note: read, merge, write atomically, remember.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/merge.h"
#include "pipeline/state.h"

namespace dossier {

struct CustomerWrite {
  std::string name;           // customer name
  std::string note_path;      // vault-relative path of its note
  std::vector<MeetingItems> batch;
};

struct WriteOutcome {
  MergeStats stats;
  bool created = false;
  std::string diff;           // dry run: what would change
};

struct WriterContext {
  std::filesystem::path root;
  const Config* config = nullptr;
  std::string template_text;  // customer note template
  std::string today;
  bool dry_run = false;
  StateStore* state = nullptr;
  bool* journal_started = nullptr;  // the run's journal begins at its first write
};

// Merges `write.batch` into the customer's note, creating it from the
// template when missing. If the note changes on disk while dossier works (the
// user typing), re-reads it and merges again rather than overwrite. Throws
// InputError for a note that does not parse, std::runtime_error for I/O.
WriteOutcome write_customer_note(const WriterContext& context, const CustomerWrite& write);

}  // namespace dossier
