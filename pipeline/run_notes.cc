#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "pipeline/customer_writer.h"
#include "pipeline/date_order.h"
#include "pipeline/run_parts.h"
#include "util/error.h"
#include "util/parallel.h"
#include "util/text.h"
#include "vault/customer_template.h"
#include "vault/guarded_write.h"
#include "vault/templates.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

std::string customer_template(const fs::path& root, const Config& config) {
  if (config.template_path.empty()) return std::string(*builtin_template("customer.md"));
  return read_config_file(root, config.template_path, "template", config);
}

// Notes the memory knows under another path that no longer exists, with
// the same file name (the user moved or renamed the note's folder, or
// renamed it back): new path -> old path. The memory of what the user
// deleted follows the note.
std::map<std::string, std::string> moved_notes(const fs::path& root, StateStore& state,
                                               const std::vector<std::string>& note_paths) {
  // Most runs touch only notes the memory knows: then there is nothing to
  // look for, and the whole memory need not be read.
  if (std::all_of(note_paths.begin(), note_paths.end(),
                  [&](const std::string& p) { return state.remembers(p); }))
    return {};
  std::map<std::string, std::vector<std::string>> gone_by_name;
  std::set<std::string> wanted(note_paths.begin(), note_paths.end());
  std::vector<std::string> known = state.remembered_notes();
  std::set<std::string> remembered(known.begin(), known.end());
  for (const std::string& p : known) {
    std::error_code ec;
    if (wanted.count(p) || fs::exists(fs::symlink_status(root / p, ec))) continue;
    gone_by_name[casefold(fs::path(p).stem().string())].push_back(p);
  }
  std::map<std::string, std::string> moved;
  for (const std::string& p : note_paths) {
    if (remembered.count(p)) continue;
    auto it = gone_by_name.find(casefold(fs::path(p).stem().string()));
    if (it != gone_by_name.end() && it->second.size() == 1) moved[p] = it->second.front();
  }
  return moved;
}

// What an exception of the file layer ("/abs/path: what") says about the
// note `relative` under `root`, as a Failure of that note.
Failure note_failure(const fs::path& root, const std::string& relative, const std::exception& e) {
  if (const auto* input = dynamic_cast<const InputError*>(&e)) return input->failure();
  std::string_view what = e.what();
  std::string absolute = (root / relative).string() + ": ";
  if (what.starts_with(absolute)) what.remove_prefix(absolute.size());
  return Failure(relative, 1, std::string(what));
}

// Prepared notes held at once: enough to keep every thread busy, few enough
// that a run's memory does not grow with the number of customers.
constexpr size_t kNotesPerChunk = 32;

// Writes one prepared note (or reports why it could not be prepared or
// written) and adds what it did to `report`.
void commit_prepared(const WriterContext& context, const CustomerWrite& write, std::optional<Failure> failure,
                     std::optional<PreparedWrite> prepared, JournalledWriter& writer, bool list_items,
                     NotesWritten& report) {
  if (failure) {
    report.failed.emplace_back(write.name, std::move(*failure));
    return;
  }
  try {
    WriteOutcome out = commit_customer_note(context, write, std::move(*prepared), writer);
    report.items_added += out.stats.items_added;
    report.items_merged += out.stats.items_merged;
    if (list_items)
      for (Change& change : out.stats.changes) {
        change.note = write.note_path;
        report.changes.push_back(std::move(change));
      }
    report.diff += out.diff;
    if (out.created)
      report.created.push_back(write.note_path);
    else if (out.stats.changed)
      report.updated.push_back(write.note_path);
  } catch (const std::exception& e) {
    report.failed.emplace_back(write.name, note_failure(context.root, write.note_path, e));
  }
}

// The meetings whose dates order dossier's lines in these notes (see
// Merger::dated_own_lines): those its lines cite. A line the merge adds or
// rewrites cites the batch's meetings, whose dates the merge has.
std::set<std::string> meetings_cited(const std::unordered_map<std::string, NoteMemory>& memories) {
  std::set<std::string> keys;
  for (const auto& [path, memory] : memories)
    for (const std::string& line : memory.own_lines)
      for (std::string& key : line_meeting_keys(line)) keys.insert(std::move(key));
  return keys;
}

// The template a new note starts from, and the shape every note's sections
// follow: both from the template and the `sections` map.
WriterContext writer_context(const RunContext& run,
                             const std::unordered_map<std::string, unsigned long long>* sizes) {
  std::string template_text = customer_template(run.root, run.config);
  // New notes follow the `sections` map, and a section missing from a note
  // is created at its place in the template's order and at its level.
  std::string remapped = remap_template_sections(
      render_customer_template(template_text, "customer", run.options.today), run.config.sections);
  TemplateShape shape = template_shape(template_text);
  for (const Section& section : parse_note("template", remapped).sections)
    if (section.level > 0) shape.section_levels.emplace(casefold(section.title), section.level);
  return WriterContext{run.root,
                       &run.config,
                       std::move(template_text),
                       std::move(shape),
                       section_titles(remapped),
                       run.options.today,
                       run.options.dry_run,
                       sizes,
                       nullptr};
}

// The notes the run writes: those that exist, and those it may create for
// a customer that gets more than retractions.
std::vector<const GroupedWrite*> notes_to_write(const RunContext& run, const Grouped& grouped,
                                                bool may_create) {
  std::vector<const GroupedWrite*> todo;
  for (const auto& [name, write] : grouped.writes) {
    bool exists = fs::exists(fs::symlink_status(run.root / write.note_path));
    if (exists || (run.config.create_customers && may_create && !write.only_retracts)) todo.push_back(&write);
  }
  return todo;
}

// Where each note's memory is read: where the note was, when it moved and
// the run changes nothing (a dry run); else at its path, the memory moved.
std::vector<std::string> memory_paths(const RunContext& run, StateStore& state,
                                      std::vector<std::string> note_paths) {
  std::map<std::string, std::string> moved = moved_notes(run.root, state, note_paths);
  if (!run.options.dry_run && !moved.empty()) {
    state.begin();
    for (const auto& [to, from] : moved) state.move_memory(from, to);
    state.commit();
  }
  if (run.options.dry_run)  // nothing moves: read each memory where it still is
    for (std::string& p : note_paths)
      if (auto it = moved.find(p); it != moved.end()) p = it->second;
  return note_paths;
}

// The notes todo[begin, end) by the work of merging them, heaviest first
// (their items, plus the note as dossier last wrote it): started last, the
// note of a customer with thousands of meetings would keep one thread busy
// while the others wait at the end of the chunk. Indexes from `begin`.
std::vector<size_t> heaviest_first(const std::vector<const GroupedWrite*>& todo, size_t begin, size_t end,
                                   const std::unordered_map<std::string, unsigned long long>& written_sizes) {
  std::vector<unsigned long long> work(end - begin);
  for (size_t i = 0; i < work.size(); ++i) {
    const GroupedWrite& w = *todo[begin + i];
    for (const Spill::Span& span : w.batch) work[i] += span.size;
    if (auto it = written_sizes.find(w.note_path); it != written_sizes.end()) work[i] += it->second;
  }
  std::vector<size_t> order(work.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return work[a] > work[b]; });
  return order;
}

}  // namespace

// Merging is pure given the note and its memory: notes are prepared in
// parallel, a chunk at a time, then written one by one through `writer`
// (state store and journal are serial). A chunk's items are read back from
// the spill, so that a large run holds a chunk's notes, memories and items,
// not every note's.
NotesWritten write_notes(const RunContext& run, JournalledWriter& writer, const Grouped& grouped,
                         const std::vector<LoadedMeeting>& meetings, const Spill& spill, bool may_create) {
  NotesWritten report;
  StateStore& state = writer.state();
  std::vector<const GroupedWrite*> todo = notes_to_write(run, grouped, may_create);
  std::vector<std::string> note_paths;
  for (const GroupedWrite* w : todo) note_paths.push_back(w->note_path);
  const std::unordered_map<std::string, unsigned long long> written_sizes = state.written_sizes(note_paths);
  WriterContext context = writer_context(run, &written_sizes);
  if (!run.options.dry_run) {
    std::set<fs::path> folders;
    for (const GroupedWrite* w : todo) folders.insert((run.root / w->note_path).parent_path());
    for (const fs::path& folder : folders) remove_stale_temp_files(folder);
  }
  const std::vector<std::string> lookup = memory_paths(run, state, note_paths);
  for (size_t begin = 0; begin < todo.size(); begin += kNotesPerChunk) {
    size_t end = std::min(todo.size(), begin + kNotesPerChunk);
    std::vector<std::string> chunk_lookup(lookup.begin() + static_cast<std::ptrdiff_t>(begin),
                                          lookup.begin() + static_cast<std::ptrdiff_t>(end));
    std::unordered_map<std::string, NoteMemory> remembered = state.memories(chunk_lookup);
    const MeetingDates meeting_dates = state.meeting_dates(meetings_cited(remembered));
    context.meeting_dates = &meeting_dates;
    std::vector<CustomerWrite> writes(end - begin);
    std::vector<std::optional<PreparedWrite>> prepared(end - begin);
    std::vector<std::optional<Failure>> failures(end - begin);
    const std::vector<size_t> order = heaviest_first(todo, begin, end, written_sizes);
    parallel_for(end - begin, [&](size_t k) {
      const size_t i = order[k];
      const GroupedWrite& grouped_write = *todo[begin + i];
      try {
        writes[i] = unpacked_write(grouped_write, meetings, spill);
        prepared[i] = prepare_customer_note(context, writes[i], remembered.at(chunk_lookup[i]));
      } catch (const std::exception& e) {
        failures[i] = note_failure(run.root, grouped_write.note_path, e);
        writes[i].name = grouped_write.name;
        writes[i].note_path = grouped_write.note_path;
      }
    });
    for (size_t i = 0; i < end - begin; ++i) {
      if (run.options.progress)
        std::cerr << "\rdossier: " << begin + i + 1 << "/" << todo.size() << " customer notes" << std::flush;
      commit_prepared(context, writes[i], std::move(failures[i]), std::move(prepared[i]), writer,
                      run.options.list_items, report);
    }
  }
  if (run.options.progress && !todo.empty()) std::cerr << "\n";
  return report;
}

}  // namespace dossier
