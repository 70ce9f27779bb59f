#include "pipeline/runner.h"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "pipeline/customer_writer.h"
#include "pipeline/date_order.h"
#include "pipeline/extract_stage.h"
#include "pipeline/grouping.h"
#include "pipeline/meeting_scan.h"
#include "pipeline/people_stubs.h"
#include "pipeline/undo.h"
#include "util/error.h"
#include "util/files.h"
#include "util/parallel.h"
#include "util/progress.h"
#include "util/text.h"
#include "vault/customer_template.h"
#include "vault/guarded_write.h"
#include "vault/meeting.h"
#include "vault/templates.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

template <typename T>
void append(std::vector<T>& to, std::vector<T> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

// The vault index's note facts, kept in the state store: read in one query,
// written back in one transaction, and only those read afresh.
class StateNoteFacts : public NoteFactsCache {
 public:
  explicit StateNoteFacts(StateStore& state) : state_(state), known_(state.note_facts()) {}

  std::optional<NoteFacts> find(const std::string& path, const std::string& signature) const override {
    auto it = known_.find(path);
    if (it == known_.end() || it->second.first != signature) return std::nullopt;
    return decode_facts(it->second.second);
  }
  void remember(const std::string& path, const std::string& signature, const NoteFacts& facts) override {
    if (std::optional<std::string> text = encode_facts(facts)) fresh_.emplace_back(path, signature, *text);
  }
  void save() {
    if (fresh_.empty()) return;
    state_.begin();
    for (const auto& [path, signature, text] : fresh_) state_.set_note_facts(path, signature, text);
    state_.commit();
  }

 private:
  StateStore& state_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> known_;
  std::vector<std::tuple<std::string, std::string, std::string>> fresh_;
};

// A note or folder that failed, once: a second failure of the same path in
// one run (its write retried, both walks seeing it) adds nothing.
void note_failed(RunReport& report, Failure failure, const char* kind) {
  for (const FailedNote& known : report.notes_failed)
    if (known.failure.path == failure.path) return;
  report.notes_failed.push_back({std::move(failure), kind});
}

// Which of the run's meetings failed: each is reported once, and none of
// them is marked processed (they are retried next run).
class MeetingFailures {
 public:
  MeetingFailures(const std::vector<LoadedMeeting>& meetings, RunReport& report)
      : meetings_(meetings), report_(report), failed_(meetings.size(), false) {}

  void failed(size_t i, Failure failure, const char* kind) {
    if (failed_[i]) return;
    failed_[i] = true;
    report_.meetings_failed.push_back({meetings_[i].info.path, std::move(failure), kind, ""});
  }
  // Read and extracted fine, but a customer note it adds to failed: the
  // meeting fails under its own path, naming that note, whose own failure
  // is reported once, under notes_failed.
  void blocked(size_t i, const std::string& note, const std::string& why) {
    if (failed_[i]) return;
    failed_[i] = true;
    const std::string& path = meetings_[i].info.path;
    report_.meetings_failed.push_back(
        {path, Failure(path, 1, "not processed: customer note " + note + " " + why), "note", note});
  }
  bool has_failed(size_t i) const { return failed_[i]; }

 private:
  const std::vector<LoadedMeeting>& meetings_;
  RunReport& report_;
  std::vector<bool> failed_;
};

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

// What writing the notes did.
struct NotesWritten {
  int items_added = 0;
  int items_merged = 0;
  std::vector<Change> changes;
  std::string diff;  // dry run
  std::vector<std::string> created, updated;
  std::vector<std::pair<const CustomerWrite*, Failure>> failed;  // notes that could not be updated
};

// Prepared notes held at once: enough to keep every thread busy, few enough
// that a run's memory does not grow with the number of customers.
constexpr size_t kNotesPerChunk = 128;

// Writes one prepared note (or reports why it could not be prepared or
// written) and adds what it did to `report`.
void commit_prepared(const WriterContext& context, const CustomerWrite& write, std::optional<Failure> failure,
                     std::optional<PreparedWrite> prepared, JournalledWriter& writer, NotesWritten& report) {
  if (failure) {
    report.failed.emplace_back(&write, std::move(*failure));
    return;
  }
  try {
    WriteOutcome out = commit_customer_note(context, write, std::move(*prepared), writer);
    report.items_added += out.stats.items_added;
    report.items_merged += out.stats.items_merged;
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
    report.failed.emplace_back(&write, note_failure(context.root, write.note_path, e));
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

// Merging is pure given the note and its memory: notes are prepared in
// parallel, a chunk at a time, then written one by one through `writer` (state store and
// journal are serial).
NotesWritten write_notes(const fs::path& root, const Config& config, const RunOptions& options,
                         JournalledWriter& writer, const Grouped& grouped, bool may_create) {
  NotesWritten report;
  StateStore& state = writer.state();
  std::string template_text = customer_template(root, config);
  // New notes follow the `sections` map, and a section missing from a note
  // is created at its place in the template's order and at its level.
  std::string remapped = remap_template_sections(
      render_customer_template(template_text, "customer", options.today), config.sections);
  TemplateShape shape = template_shape(template_text);
  for (const Section& section : parse_note("template", remapped).sections)
    if (section.level > 0) shape.section_levels.emplace(casefold(section.title), section.level);
  std::vector<const CustomerWrite*> todo;
  for (const auto& [name, write] : grouped.writes) {
    bool exists = fs::exists(fs::symlink_status(root / write.note_path));
    bool only_retracts =
        std::all_of(write.batch.begin(), write.batch.end(), [](const MeetingItems& m) { return m.dropped; });
    if (exists || (config.create_customers && may_create && !only_retracts)) todo.push_back(&write);
  }
  std::vector<std::string> note_paths;
  for (const CustomerWrite* w : todo) note_paths.push_back(w->note_path);
  const std::unordered_map<std::string, unsigned long long> written_sizes = state.written_sizes(note_paths);
  WriterContext context{
      root,          &config,         std::move(template_text), std::move(shape), section_titles(remapped),
      options.today, options.dry_run, &written_sizes,           nullptr};
  if (!options.dry_run) {
    std::set<fs::path> folders;
    for (const CustomerWrite* w : todo) folders.insert((root / w->note_path).parent_path());
    for (const fs::path& folder : folders) remove_stale_temp_files(folder);
  }
  std::map<std::string, std::string> moved = moved_notes(root, state, note_paths);
  if (!options.dry_run && !moved.empty()) {
    state.begin();
    for (const auto& [to, from] : moved) state.move_memory(from, to);
    state.commit();
  }
  std::vector<std::string> lookup = note_paths;
  if (options.dry_run)  // nothing moves: read each memory where it still is
    for (std::string& p : lookup)
      if (auto it = moved.find(p); it != moved.end()) p = it->second;
  // A chunk of notes at a time, so that a large run holds a chunk's notes
  // and memories, not every note's.
  for (size_t begin = 0; begin < todo.size(); begin += kNotesPerChunk) {
    size_t end = std::min(todo.size(), begin + kNotesPerChunk);
    std::vector<std::string> chunk_lookup(lookup.begin() + begin, lookup.begin() + end);
    std::unordered_map<std::string, NoteMemory> remembered = state.memories(chunk_lookup);
    const MeetingDates meeting_dates = state.meeting_dates(meetings_cited(remembered));
    context.meeting_dates = &meeting_dates;
    std::vector<std::optional<PreparedWrite>> prepared(end - begin);
    std::vector<std::optional<Failure>> failures(end - begin);
    parallel_for(end - begin, [&](size_t i) {
      const CustomerWrite& write = *todo[begin + i];
      try {
        prepared[i] = prepare_customer_note(context, write, remembered.at(chunk_lookup[i]));
      } catch (const std::exception& e) {
        failures[i] = note_failure(root, write.note_path, e);
      }
    });
    for (size_t i = 0; i < end - begin; ++i) {
      if (options.progress)
        std::cerr << "\rdossier: " << begin + i + 1 << "/" << todo.size() << " customer notes" << std::flush;
      commit_prepared(context, *todo[begin + i], std::move(failures[i]), std::move(prepared[i]), writer,
                      report);
    }
  }
  if (options.progress && !todo.empty()) std::cerr << "\n";
  return report;
}

// What the processed meetings' items depend on besides the meetings: rule
// files, the template and the sections map. Rule files that cannot be read
// count as empty (the run reports them when it loads the rules).
std::string settings_hash(const fs::path& root, const Config& config) {
  auto bytes_of = [&](const std::string& relative) {
    return read_regular_file(root / relative, config.max_file_bytes).bytes;  // never blocks on a FIFO
  };
  std::string all = std::string(builtin_template("rules/default.yaml").value_or("")) + '\0';
  for (const std::string& rules : config.rules) all += bytes_of(rules) + '\0';
  all += (config.template_path.empty() ? std::string(builtin_template("customer.md").value_or(""))
                                       : bytes_of(config.template_path)) +
         '\0';
  for (const auto& [kind, heading] : config.sections) all += kind + '=' + heading + '\0';
  return content_hash(all);
}

// A change of rules, template or sections does not reach meetings already
// processed: say that --full applies it (until a --full run has).
void check_settings(const fs::path& root, const Config& config, const RunOptions& options, StateStore& state,
                    RunReport& report) {
  std::string now = settings_hash(root, config);
  std::optional<std::string> known = state.setting("settings_hash");
  if (known && *known != now && !options.full)
    report.warnings.push_back(
        (root / "dossier.yaml").string() +
        ":1: the rules, template or sections changed since earlier meetings were processed; "
        "run 'dossier run --full' to apply them to those meetings");
  if (!options.dry_run && (!known || (options.full && !options.only_meeting && *known != now))) {
    state.begin();
    state.set_setting("settings_hash", now);
    state.commit();
  }
}

// Extracts every meeting, with the LLM answers cached in the state store
// (in memory for a dry run, which writes nothing).
std::vector<MeetingExtraction> extract_all(const std::vector<LoadedMeeting>& meetings,
                                           const std::vector<Meeting>& texts, const VaultIndex& vault,
                                           const Config& config, const RunOptions& options,
                                           StateStore& state) {
  ProgressMeter progress(options.progress ? &std::cerr : nullptr, static_cast<int>(texts.size()));
  std::vector<std::string> paths;  // counted anew, so not among the vault's other meetings
  for (const LoadedMeeting& lm : meetings) {
    paths.push_back(lm.info.path);
    if (!lm.renamed_from.empty()) paths.push_back(lm.renamed_from);
  }
  std::vector<const Meeting*> to_extract;
  for (const Meeting& m : texts) to_extract.push_back(&m);
  MemoryResponseCache dry_run_cache;
  StateResponseCache state_cache(state);
  ResponseCache& llm_cache = options.dry_run ? static_cast<ResponseCache&>(dry_run_cache) : state_cache;
  return extract_meetings(
      to_extract, vault, config, llm_cache, &progress,
      [&](const std::vector<std::string>& keys) { return state.phrase_counts(keys, paths); },
      loaded_rules(options));
}

// The run's last transaction: each meeting that did not fail is marked
// processed (its hash, date, stat and phrases), and the journal is closed.
void mark_processed(const std::vector<LoadedMeeting>& meetings,
                    const std::vector<MeetingExtraction>& extractions, const MeetingFailures& failures,
                    const Config& config, JournalledWriter& writer) {
  StateStore& state = writer.state();
  state.begin();
  std::vector<StateStore::MeetingPhrases> phrases;
  for (size_t i = 0; i < meetings.size(); ++i) {
    const LoadedMeeting& lm = meetings[i];
    if (failures.has_failed(i)) continue;
    if (writer.started()) state.journal_meeting({lm.info.path, state.meeting_hash(lm.info.path)});
    if (!lm.renamed_from.empty()) {  // the old path is forgotten, and undo brings it back
      if (writer.started()) state.journal_meeting({lm.renamed_from, state.meeting_hash(lm.renamed_from)});
      state.forget_meeting(lm.renamed_from);
      state.forget_meeting_phrases(lm.renamed_from);
    }
    // The LLM part stays to do where it failed, or where this run did not try it.
    bool llm_pending = extractions[i].llm_error.has_value() ||
                       (lm.llm_was_pending && config.extractor == ExtractorKind::rules);
    state.set_meeting_hash(lm.info.path, llm_pending ? llm_pending_hash(lm.hash) : lm.hash);
    state.set_meeting_date(lm.info.path, lm.info.name, lm.info.date);
    if (!lm.stat.empty() && !llm_pending) state.set_meeting_stat(lm.info.path, lm.stat);
    if (config.extractor != ExtractorKind::llm) phrases.push_back({lm.info.path, extractions[i].phrase_keys});
  }
  state.set_meeting_phrases(phrases);
  if (writer.started()) state.finish_journal();
  state.commit();
}

// People notes for the contacts the meetings name (when `create_people`),
// and their links in the contact lines.
void add_people_stubs(const fs::path& root, const Config& config, const RunOptions& options,
                      const std::vector<Meeting>& meetings, std::vector<MeetingExtraction>& extractions,
                      VaultIndex& vault, JournalledWriter& writer, RunReport& report) {
  std::vector<const Meeting*> texts;
  for (const Meeting& m : meetings) texts.push_back(&m);
  StubResult stubs = create_people_stubs({root, &config, options.dry_run}, texts, extractions, vault, writer);
  report.people_created = std::move(stubs.created);
  for (Person& p : stubs.people) vault.add_person(std::move(p));
  for (ContactLink& link : stubs.links)
    extractions[link.meeting].extraction.items[link.item].text = std::move(link.text);
  // A People note that could not be made fails no meeting: the contact
  // line is written without its link, and the stub is tried next run.
  for (const Failure& f : stubs.errors) note_failed(report, f, "create");
}

// Adds what writing the notes did to `report`. A note that could not be
// updated is reported once, under its own path; the meetings behind it fail
// naming it, and are retried next run.
void add_written(NotesWritten written, const Grouped& grouped, MeetingFailures& failures, RunReport& report) {
  report.items_added += written.items_added;
  report.items_merged += written.items_merged;
  append(report.changes, std::move(written.changes));
  report.diff += written.diff;
  append(report.notes_created, std::move(written.created));
  append(report.notes_updated, std::move(written.updated));
  for (auto& [write, failure] : written.failed) {
    note_failed(report, std::move(failure), "write");
    for (size_t m : grouped.meetings_of.at(write->name))
      failures.blocked(m, write->note_path, "could not be updated (see its error)");
  }
}

// A customer the index lacks (a note that did not parse, a folder not
// walked) may be named by any of the run's meetings: none is done until the
// index is whole, so that its items arrive once the note is fixed.
void block_on_incomplete_index(const VaultIndex& vault, const Config& config, size_t meetings,
                               MeetingFailures& failures) {
  if (vault.customers_complete) return;
  std::string blocker = config.customers_folder;
  for (const auto& [note, error] : vault.broken_notes)
    if (blocker == config.customers_folder || note < blocker) blocker = note;
  for (size_t i = 0; i < meetings; ++i)
    failures.blocked(
        i, blocker,
        "could not be read (see above), and this meeting may name its customer: it is processed again "
        "once that is fixed (no new customer note was created either)");
}

// What the scan found that the report and the state store keep: the walk's
// failures, the counts, the meetings settling or failed, the new stats of
// unchanged meetings.
void record_scan(MeetingScan& scan, const RunOptions& options, StateStore& state, RunReport& report) {
  for (Failure& f : scan.walk_failures) note_failed(report, std::move(f), "index");
  report.meetings_seen = scan.seen;
  report.meetings_skipped = scan.skipped;
  report.meetings_settling = std::move(scan.settling);
  report.meetings_failed = std::move(scan.failed);
  if (!options.dry_run && !scan.restat.empty()) {
    state.begin();
    for (const auto& [path, stat] : scan.restat) state.set_meeting_stat(path, stat);
    state.commit();
  }
}

}  // namespace

const RuleSet* loaded_rules(const RunOptions& options) {
  return options.rules.valid() ? options.rules.get().get() : nullptr;
}

RunReport run_pipeline(const fs::path& root, const Config& config, const RunOptions& options,
                       StateStore& state) {
  RunReport report;
  // A run that never finished wrote some notes and marked no meeting done.
  // Merging into its half would not give what one run gives (near-duplicate
  // matching depends on the lines already there): put its notes back first,
  // then this run does the whole work once.
  // Nothing is written before the rules are known to load: a broken rule
  // file stops every run with nothing written (they compile on another
  // thread meanwhile, see RunOptions::rules).
  if (!options.dry_run && state.journal_open()) {
    loaded_rules(options);
    for (const UndoStep& step : undo_last_run(root, config, state, false).steps)
      if (step.action == UndoStep::keep) report.warnings.push_back(step.message());
  }
  // The meetings and notes are read while the rules load.
  MeetingScan scan = scan_meetings(root, config, options, state);
  std::optional<StateNoteFacts> facts;
  std::optional<VaultScan> vault_scan;
  if (!scan.to_process.empty()) vault_scan = scan_vault(root, config, &facts.emplace(state));
  loaded_rules(options);
  check_settings(root, config, options, state, report);
  record_scan(scan, options, state, report);
  const std::vector<LoadedMeeting>& meetings = scan.to_process;
  // Nothing new (the cron case): the customer notes were not read at all.
  if (meetings.empty()) return report;

  VaultIndex& vault = vault_scan->vault;
  if (!options.dry_run) facts->save();
  for (Failure& f : vault_scan->failures) note_failed(report, std::move(f), "index");
  for (Meeting& m : scan.texts) {
    add_declared_customers(vault, config, m, &report.warnings);
    match_attendees(vault, m);
  }
  for (size_t i = 0; i < meetings.size(); ++i)
    scan.to_process[i].info = scan.texts[i];  // attendees as matched
  std::vector<MeetingExtraction> extractions =
      extract_all(meetings, scan.texts, vault, config, options, state);
  JournalledWriter writer(state);
  if (config.create_people)
    add_people_stubs(root, config, options, scan.texts, extractions, vault, writer, report);
  // From here on a meeting is its MeetingInfo: the text, most of a large
  // run's memory, is freed once what it reports is read.
  std::vector<MeetingReports> reports;
  for (const Meeting& m : scan.texts) reports.push_back(meeting_reports(m));
  std::vector<Meeting>().swap(scan.texts);

  std::vector<std::vector<std::string>> citing(meetings.size());
  for (size_t i = 0; i < meetings.size(); ++i)
    if (const LoadedMeeting& lm = meetings[i]; !lm.renamed_from.empty()) {
      citing[i] = state.notes_citing(fs::path(lm.renamed_from).stem().string());
      report.meetings_renamed.emplace_back(lm.renamed_from, lm.info.path);
    }
  // The notes each revised meeting fed before: it may no longer name some.
  std::map<std::string, std::vector<std::string>> fed;
  for (const LoadedMeeting& lm : meetings)
    if (lm.revised) fed[lm.info.path] = state.notes_fed_by(lm.info.name);
  Grouped grouped = group_by_customer(vault, meetings, extractions, reports, citing, fed);
  // The items are the customers' now; what marking the meetings processed
  // needs (errors, phrase keys) stays.
  for (MeetingExtraction& e : extractions) e.extraction = Extraction{};
  std::vector<MeetingReports>().swap(reports);
  MeetingFailures failures(meetings, report);
  for (GroupFailure& f : grouped.failures)
    if (f.extract_error)
      failures.failed(f.meeting, std::move(*f.extract_error), "extract");
    else
      failures.blocked(f.meeting, f.blocking_note, "could not be read (see its error)");
  append(report.llm_pending, std::move(grouped.llm_pending));
  append(report.warnings, std::move(grouped.warnings));
  append(report.unattributed, std::move(grouped.unattributed));

  NotesWritten written = write_notes(root, config, options, writer, grouped, vault.customers_complete);
  add_written(std::move(written), grouped, failures, report);
  block_on_incomplete_index(vault, config, meetings.size(), failures);
  for (size_t i = 0; i < meetings.size(); ++i)
    if (!failures.has_failed(i)) ++report.meetings_processed;
  if (!options.dry_run) mark_processed(meetings, extractions, failures, config, writer);
  return report;
}

}  // namespace dossier
