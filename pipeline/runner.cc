#include "pipeline/runner.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "pipeline/extract_stage.h"
#include "pipeline/grouping.h"
#include "pipeline/meeting_scan.h"
#include "pipeline/run_parts.h"
#include "pipeline/undo.h"
#include "util/error.h"
#include "util/files.h"
#include "util/text.h"
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
  // Saved again since the scan read it: not processed, and not a failure;
  // it waits for the next run, as a meeting still being typed does.
  void changed(size_t i) {
    if (failed_[i]) return;
    failed_[i] = true;
    report_.meetings_settling.push_back(meetings_[i].info.path);
    ++report_.meetings_skipped;
  }
  bool has_failed(size_t i) const { return failed_[i]; }

 private:
  const std::vector<LoadedMeeting>& meetings_;
  RunReport& report_;
  std::vector<bool> failed_;
};

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

// The run's last transaction: each meeting that did not fail is marked
// processed (its hash, date, stat and phrases), and the journal is closed.
void mark_processed(const std::vector<LoadedMeeting>& meetings, const ExtractedRun& extracted,
                    const MeetingFailures& failures, const Config& config, const Spill& spill,
                    JournalledWriter& writer) {
  StateStore& state = writer.state();
  state.begin();
  std::vector<size_t> with_phrases;
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
    bool llm_pending =
        extracted.llm_failed[i] || (lm.llm_was_pending && config.extractor == ExtractorKind::rules);
    state.set_meeting_hash(lm.info.path, llm_pending ? llm_pending_hash(lm.hash) : lm.hash);
    state.set_meeting_date(lm.info.path, lm.info.name, lm.info.date);
    if (!lm.stat.empty() && !llm_pending) state.set_meeting_stat(lm.info.path, lm.stat);
    if (config.extractor != ExtractorKind::llm) with_phrases.push_back(i);
  }
  // Read back from the spill a meeting at a time: a run of thousands holds
  // none of their keys.
  state.set_meeting_phrases(with_phrases.size(), [&](size_t k) {
    size_t i = with_phrases[k];
    return StateStore::MeetingPhrases{meetings[i].info.path, phrase_keys(spill, extracted.phrase_keys[i])};
  });
  if (writer.started()) state.finish_journal();
  state.commit();
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
  for (auto& [customer, failure] : written.failed) {
    std::string note = grouped.writes.at(customer).note_path;
    note_failed(report, std::move(failure), "write");
    for (size_t m : grouped.meetings_of.at(customer))
      failures.blocked(m, note, "could not be updated (see its error)");
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

// The notes that cite each renamed meeting by its old name, and those each
// revised meeting fed before (it may no longer name some). Renames are
// reported.
MeetingHistory meeting_history(const std::vector<LoadedMeeting>& meetings, StateStore& state,
                               RunReport& report) {
  MeetingHistory history;
  history.citing.resize(meetings.size());
  for (size_t i = 0; i < meetings.size(); ++i) {
    const LoadedMeeting& lm = meetings[i];
    if (!lm.renamed_from.empty()) {
      history.citing[i] = state.notes_citing(fs::path(lm.renamed_from).stem().string());
      report.meetings_renamed.emplace_back(lm.renamed_from, lm.info.path);
    }
    if (lm.revised) history.fed[lm.info.path] = state.notes_fed_by(lm.info.name);
  }
  return history;
}

// Where the run sets its meetings' items aside: beside the state store, or,
// for a dry run, which leaves the vault alone, in the system's temporary folder.
fs::path spill_folder(const fs::path& root, const RunOptions& options) {
  if (!options.dry_run) return root / ".dossier";
  std::error_code ec;
  fs::path temp = fs::temp_directory_path(ec);
  return ec ? fs::path("/tmp") : temp;
}

}  // namespace

void note_failed(RunReport& report, Failure failure, const char* kind) {
  for (const FailedNote& known : report.notes_failed)
    if (known.failure.path == failure.path) return;
  report.notes_failed.push_back({std::move(failure), kind});
}

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
  std::vector<LoadedMeeting>& meetings = scan.to_process;
  // Nothing new (the cron case): the customer notes were not read at all.
  if (meetings.empty()) return report;

  VaultIndex& vault = vault_scan->vault;
  if (!options.dry_run) facts->save();
  facts.reset();  // every note's cached facts: the index has what it needs
  for (Failure& f : vault_scan->failures) note_failed(report, std::move(f), "index");
  for (const LoadedMeeting& lm : meetings)
    add_declared_customers(vault, config, lm.info.path, lm.declared, &report.warnings);
  MeetingHistory history = meeting_history(meetings, state, report);
  JournalledWriter writer(state);
  Spill spill(spill_folder(root, options), options.spill_memory_bytes);
  const RunContext run{root, config, options};
  ExtractedRun extracted = extract_and_group(run, state, meetings, history, vault, writer, spill, report);
  Grouped& grouped = extracted.grouped;
  MeetingFailures failures(meetings, report);
  for (size_t i : extracted.changed) failures.changed(i);
  for (const GroupFailure& f : grouped.failures)
    if (f.extract_error)
      failures.failed(f.meeting, *f.extract_error, "extract");
    else
      failures.blocked(f.meeting, f.blocking_note, "could not be read (see its error)");
  append(report.llm_pending, std::move(grouped.llm_pending));
  append(report.warnings, std::move(grouped.warnings));
  append(report.unattributed, std::move(grouped.unattributed));

  NotesWritten written = write_notes(run, writer, grouped, meetings, spill, vault.customers_complete);
  add_written(std::move(written), grouped, failures, report);
  block_on_incomplete_index(vault, config, meetings.size(), failures);
  for (size_t i = 0; i < meetings.size(); ++i)
    if (!failures.has_failed(i)) ++report.meetings_processed;
  if (!options.dry_run) mark_processed(meetings, extracted, failures, config, spill, writer);
  return report;
}

}  // namespace dossier
