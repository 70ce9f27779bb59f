// Writes one customer note: read, merge, write atomically, remember.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/journalled_writer.h"
#include "pipeline/merge.h"
#include "pipeline/state.h"
#include "vault/config.h"

namespace dossier {

struct CustomerWrite {
  std::string name;       // customer name
  std::string note_path;  // vault-relative path of its note
  std::vector<MeetingItems> batch;
  std::vector<MeetingRename> renames;  // meetings whose links in the note follow a new name
};

struct WriteOutcome {
  MergeStats stats;
  bool created = false;
  std::string diff;  // dry run: what would change
};

struct WriterContext {
  std::filesystem::path root;
  const Config* config = nullptr;
  std::string template_text;               // customer note template, headings following the `sections` map
  TemplateShape shape;                     // its placeholders and section levels
  std::vector<std::string> section_order;  // its headings, in order
  std::string today;
  bool dry_run = false;
  // Sizes at which dossier last wrote each note (a shorter note may be half-saved).
  const std::unordered_map<std::string, unsigned long long>* written_sizes = nullptr;
  const MeetingDates* meeting_dates = nullptr;  // of meetings merged before (date_order.h)
};

// A second note written with the first: its history note (overflow.h).
struct SideWrite {
  std::string path;                    // vault-relative
  std::optional<std::string> on_disk;  // nullopt: to be created
  std::string after;
};

// The merge of one note, computed without touching the state store or the
// note: safe to run for many notes at once (see parallel.h).
struct PreparedWrite {
  std::optional<std::string> on_disk;  // the note as read; nullopt: to be created
  std::string after;                   // the note as it should become
  std::optional<SideWrite> history;    // older lines moved out to stay under max_file_bytes
  NoteMemory memory_before, memory;    // what dossier remembered, before and after
  MergeStats stats;
};

// Reads the note (or renders the template) and merges `write.batch` into
// it, given what the state store remembers of it. Throws InputError for a
// note that cannot be read, does not parse, is read-only, is being written
// (see read_settled), would grow past max_file_bytes, or lies outside the
// customers folder.
PreparedWrite prepare_customer_note(const WriterContext& context, const CustomerWrite& write,
                                    NoteMemory memory);

// Writes a prepared merge (or, for a dry run, diffs it). If the note changed
// on disk since it was read (the user typing), reads it and merges again
// rather than overwrite. Throws InputError for a note that does not parse,
// std::runtime_error for I/O.
WriteOutcome commit_customer_note(const WriterContext& context, const CustomerWrite& write,
                                  PreparedWrite prepared, JournalledWriter& writer);

}  // namespace dossier
