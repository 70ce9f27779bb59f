#include "pipeline/customer_writer.h"

#include <exception>
#include <stdexcept>

#include "pipeline/overflow.h"
#include "util/error.h"
#include "util/files.h"
#include "util/text.h"
#include "util/unified_diff.h"
#include "vault/customer_template.h"
#include "vault/guarded_write.h"
#include "vault/note.h"
#include "vault/vault.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

// Each failed attempt means the user saved the note while dossier merged;
// a person typing saves a few times a second at most.
constexpr int kMaxAttempts = 10;

// Notes are written only inside the customers folder, and never through a
// symlink (the folder, a subfolder or the note itself).
fs::path checked_note_path(const WriterContext& context, const CustomerWrite& write) {
  return checked_note_path(context.root, *context.config, write.note_path);
}

std::string title_of(const Config& config, const std::string& kind) {
  auto it = config.sections.find(kind);
  return it != config.sections.end() && !trim(it->second).empty() ? it->second
                                                                  : Config::default_sections().at(kind);
}

// A merge that would make the note larger than max_file_bytes moves older
// lines out to its history note (overflow.h); when that cannot bring it under
// the limit, nothing is written and the note is reported.
void keep_under_limit(const WriterContext& context, const CustomerWrite& write, Note& note,
                      PreparedWrite& p) {
  size_t limit = context.config->max_file_bytes;
  size_t grown = p.after.size();
  auto refuse = [&](const std::string& why) {
    throw InputError(write.note_path, 1,
                     "the note would grow to " + std::to_string(grown) + " bytes, past max_file_bytes (" +
                         std::to_string(limit) + "), " + why +
                         "; not written: move lines to another note or raise the limit");
  };
  const Config& c = *context.config;
  std::string context_title = title_of(c, "summary"), steps = title_of(c, "next_step");

  std::vector<std::string> current{title_of(c, "decision"), title_of(c, "fact"), title_of(c, "opportunity")};
  std::vector<std::string> titles{"History", context_title, steps};
  titles.insert(titles.end(), current.begin(), current.end());
  ShedOptions o{limit, titles, {"History", context_title}, current, &context.shape};
  std::optional<std::vector<ShedSection>> moved = shed_lines(note, p.memory, o);
  if (!moved) refuse("even with its older lines moved to its history note");
  SideWrite history{history_note_path(write.note_path), std::nullopt, ""};
  FileRead old = read_regular_file(checked_note_path(context.root, c, history.path), limit);
  if (old.status != FileRead::ok && old.status != FileRead::missing)
    refuse(history.path + ": " + old.message());
  if (old.status == FileRead::ok) history.on_disk = std::move(old.bytes);
  history.after = add_to_history_note(history.on_disk, history.path, write.name, *moved);
  if (history.after.size() > limit) refuse("and its history note " + history.path + " is full too");
  p.after = render_note(note);
  p.history = std::move(history);
}

// Writes the history note of a prepared merge, journalled first like the note.
void write_history(const WriterContext& context, const SideWrite& h, JournalledWriter& writer) {
  fs::path path = checked_note_path(context.root, *context.config, h.path);
  if (!writer.replace({h.path, path, h.on_disk, h.after, writer.state().memory(h.path)}))
    throw InputError(h.path, 1, "the note is being written by another program; dossier tries again next run");
}

// Puts the history note back when the note itself could not be written.
void unwrite_history(const WriterContext& context, const SideWrite& h) {
  fs::path path = checked_note_path(context.root, *context.config, h.path);
  if (h.on_disk)
    replace_if_unchanged(path, h.after, *h.on_disk);
  else
    remove_if_unchanged(path, h.after);
}

}  // namespace

PreparedWrite prepare_customer_note(const WriterContext& context, const CustomerWrite& write,
                                    NoteMemory memory) {
  fs::path path = checked_note_path(context, write);
  size_t limit = context.config->max_file_bytes;
  std::optional<unsigned long long> last_written;
  if (context.written_sizes)
    if (auto it = context.written_sizes->find(write.note_path); it != context.written_sizes->end())
      last_written = it->second;
  FileRead file = read_settled(path, limit, last_written);
  if (file.status != FileRead::ok && file.status != FileRead::missing)
    throw InputError(write.note_path, 1, file.message());
  if (file.status == FileRead::ok && file.changed_while_reading)
    throw InputError(write.note_path, 1,
                     "the note is being written by another program; dossier tries again next run");
  if (file.status == FileRead::ok && !context.dry_run)
    if (std::optional<Failure> refusal = write_refusal(path)) throw InputError(refusal->at(write.note_path));
  PreparedWrite p;
  if (file.status == FileRead::ok) p.on_disk = std::move(file.bytes);
  std::string before = p.on_disk
                           ? *p.on_disk
                           : remap_template_sections(
                                 render_customer_template(context.template_text, write.name, context.today),
                                 context.config->sections);
  Note note = parse_note(write.note_path, before, ParseLimits{limit});
  p.memory_before = memory;
  p.memory = std::move(memory);
  MergeOptions options{context.config->sections,
                       context.config->dedupe_threshold,
                       context.today,
                       context.config->resurrect,
                       context.config->recent_context_lines,
                       context.config->history_after_days,
                       &context.shape,
                       context.section_order,
                       context.meeting_dates,
                       write.renames};
  p.stats = merge_items(note, write.batch, p.memory, options);
  p.after = render_note(note);
  // Never write what the next run would refuse to read.
  if (p.after.size() > limit) keep_under_limit(context, write, note, p);
  return p;
}

WriteOutcome commit_customer_note(const WriterContext& context, const CustomerWrite& write, PreparedWrite p,
                                  JournalledWriter& writer) {
  fs::path path = checked_note_path(context, write);
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    if (attempt > 0) p = prepare_customer_note(context, write, writer.state().memory(write.note_path));
    WriteOutcome out;
    out.created = !p.on_disk;
    out.stats = p.stats;
    if (p.on_disk && p.after == *p.on_disk) return out;
    if (context.dry_run) {
      out.diff = unified_diff(write.note_path, p.on_disk.value_or(""), p.after, p.on_disk.has_value());
      return out;
    }
    if (p.history) write_history(context, *p.history, writer);
    NoteReplacement replacement{write.note_path, path, p.on_disk, p.after, p.memory_before};
    // The meetings behind the note go into the journal with it: if the run
    // never reaches its last commit, undo still resets them.
    for (const MeetingItems& m : write.batch)
      if (m.meeting)
        replacement.meetings.push_back({m.meeting->path, writer.state().meeting_hash(m.meeting->path)});
    bool replaced = false;
    try {
      replaced = writer.replace(replacement, [&](StateStore& state) {
        state.update_memory(write.note_path, p.memory_before, p.memory);
        state.set_written_size(write.note_path, p.after.size());
      });
    } catch (...) {
      if (p.history) unwrite_history(context, *p.history);
      throw;
    }
    if (!replaced && p.history) unwrite_history(context, *p.history);
    if (!replaced) continue;  // the user saved meanwhile: read and merge again
    return out;
  }
  throw InputError(write.note_path, 1, "the note kept changing while dossier tried to update it; try again");
}

}  // namespace dossier
