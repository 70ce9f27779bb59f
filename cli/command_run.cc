// `dossier run` and `dossier note`: the pipeline over the vault, and its report.
#include <unistd.h>

#include <cstdlib>
#include <future>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "extractors/rules.h"
#include "pipeline/runner.h"
#include "pipeline/state.h"
#include "util/error.h"
#include "util/files.h"
#include "util/progress.h"
#include "vault/lock.h"
#include "vault/vault.h"
#include "vault/vault_files.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

// MEETING as given (relative to the current folder or to the vault) as a
// vault-relative path; it must lie inside the vault.
std::string vault_relative(const fs::path& root, const std::string& meeting) {
  fs::path p = meeting;
  std::error_code ec;
  if (!fs::exists(p, ec) && p.is_relative()) p = root / p;
  if (!fs::exists(p, ec)) throw UsageError("no such meeting note: " + meeting);
  if (!is_inside(root, p)) throw UsageError("the meeting note is outside the vault: " + meeting);
  return fs::relative(fs::weakly_canonical(p), fs::weakly_canonical(root)).generic_string();
}

nlohmann::json report_json(const RunReport& r, bool dry_run) {
  nlohmann::json failed = nlohmann::json::array();
  for (const FailedMeeting& f : r.meetings_failed) {
    nlohmann::json entry = {
        {"path", f.path}, {"error", f.failure.text()}, {"kind", f.kind}, {"line", f.failure.line}};
    if (!f.note.empty()) entry["note"] = f.note;
    failed.push_back(std::move(entry));
  }
  nlohmann::json notes_failed = nlohmann::json::array();
  for (const FailedNote& f : r.notes_failed)
    notes_failed.push_back(
        {{"path", f.failure.path}, {"error", f.failure.text()}, {"kind", f.kind}, {"line", f.failure.line}});
  nlohmann::json unattributed = nlohmann::json::array();
  for (const UnattributedItem& u : r.unattributed)
    unattributed.push_back({{"path", u.path}, {"line", u.line}, {"text", u.text}});
  nlohmann::json renamed = nlohmann::json::array();
  for (const auto& [from, to] : r.meetings_renamed) renamed.push_back({{"from", from}, {"to", to}});
  nlohmann::json llm_pending = nlohmann::json::array();
  for (const Failure& f : r.llm_pending)
    llm_pending.push_back({{"path", f.path}, {"error", f.text()}, {"kind", "llm"}, {"line", f.line}});
  nlohmann::json changes = nlohmann::json::array();
  for (const Change& c : r.changes)
    changes.push_back(
        {{"note", c.note}, {"kind", c.kind}, {"action", c.action}, {"text", c.text}, {"meeting", c.meeting}});
  nlohmann::json report = {{"meetings_seen", r.meetings_seen},
                           {"meetings_processed", r.meetings_processed},
                           {"meetings_skipped", r.meetings_skipped},
                           {"meetings_failed", failed},
                           {"notes_failed", notes_failed},
                           {"unattributed", unattributed},
                           {"notes_created", r.notes_created},
                           {"notes_updated", r.notes_updated},
                           {"items_added", r.items_added},
                           {"items_merged", r.items_merged},
                           {"changes", changes},
                           {"dry_run", dry_run},
                           {"warnings", r.warnings},
                           {"meetings_settling", r.meetings_settling},
                           {"people_created", r.people_created},
                           {"llm_pending", llm_pending},
                           {"meetings_renamed", renamed}};
  if (dry_run) report["diff"] = r.diff;
  return report;
}

// "+ decision: text (meeting)" per item, under the note it went to.
void print_changes(const RunReport& r) {
  const std::string* note = nullptr;
  for (const Change& c : r.changes) {
    if (!note || *note != c.note) {
      note = &c.note;
      std::cout << c.note << "\n";
    }
    // + new, = already there, - retracted, x closed (done, resolved, superseded).
    const char* mark = c.action == "added"       ? "+ "
                       : c.action == "merged"    ? "= "
                       : c.action == "retracted" ? "- "
                                                 : "x ";
    std::string why = c.action == "merged" ? "; already there" : c.action == "added" ? "" : "; " + c.action;
    std::cout << "  " << mark << c.kind << ": " << c.text << " (" << c.meeting << why << ")\n";
  }
}

void print_summary(const RunReport& r, bool dry_run) {
  std::cout << (dry_run ? "would process " : "processed ") << r.meetings_processed << " of "
            << r.meetings_seen << " meeting notes (" << r.meetings_skipped << " unchanged, "
            << r.meetings_failed.size() << " failed); " << (dry_run ? "would create " : "created ")
            << r.notes_created.size() << ", " << (dry_run ? "update " : "updated ") << r.notes_updated.size()
            << " customer notes; " << r.items_added << " items added, " << r.items_merged << " merged\n";
  for (const std::string& person : r.people_created)
    std::cout << (dry_run ? "would create " : "created ") << person << "\n";
  for (const auto& [from, to] : r.meetings_renamed)
    std::cout << (dry_run ? "would follow " : "followed ") << from << " renamed to " << to << "\n";
  if (!r.llm_pending.empty())
    std::cout
        << r.llm_pending.size()
        << " of the processed had their rule items written but not their LLM part (the endpoint failed); "
           "a later run that reaches it does that part\n";
  if (!r.meetings_settling.empty())
    std::cout << r.meetings_settling.size()
              << " of the unchanged were saved less than settle_s seconds ago and are left for a later run "
                 "(--now processes them now)\n";
}

// $DOSSIER_SETTLE_S overrides `settle_s` for scripts and tests that write a
// meeting and run at once (a pinned date does not stop the clock).
int settle_seconds(const Config& config) {
  if (const char* v = std::getenv("DOSSIER_SETTLE_S"); v && *v) {
    char* end = nullptr;
    long s = std::strtol(v, &end, 10);
    if (*end == '\0' && s >= 0 && s < 1000000) return static_cast<int>(s);
  }
  return config.settle_s;
}

}  // namespace

int command_run(const CommandLine& cl) {
  Config config = load_command_config(cl);
  fs::path root = vault_folder(cl);
  RunOptions options;
  options.full = cl.full;
  options.dry_run = cl.dry_run;
  options.since = cl.since;
  options.today = today();
  options.progress = progress_wanted(cl.quiet, cl.json, ::isatty(STDERR_FILENO));
  if (cl.command == "note") {
    options.only_meeting = vault_relative(root, cl.meeting);
    if (is_own_file(config, *options.only_meeting))
      throw UsageError(*options.only_meeting + " is one of dossier's own notes or files, not a meeting note");
  }
  options.settle_s = cl.now ? 0 : settle_seconds(config);
  options.list_items = cl.json || cl.verbose;  // what is printed of them
  refuse_foreign_root(cl, root);
  // A broken rule file stops the run, not only when a new meeting arrives.
  // The rules compile on another thread while the run reads the vault:
  // the run takes them before it writes anything.
  if (config.extractor != ExtractorKind::llm)
    options.rules = std::async(std::launch::async, [&config, &root] {
                      return std::make_shared<const RuleSet>(load_rules(config, root));
                    }).share();

  // A dry run takes no lock and reads a copy of the state: it writes
  // nothing anywhere. Notes are replaced atomically, so it never reads half
  // a note even while a real run works.
  std::optional<VaultLock> lock = cl.dry_run ? std::nullopt : VaultLock::acquire(root / ".dossier", cl.wait);
  if (!cl.dry_run && !lock) {
    loaded_rules(options);  // a broken rule file is still the first thing said
    std::cerr << "dossier: " << display_path(root)
              << " is locked by another dossier run; try again later or use --wait\n";
    return kExitLocked;
  }
  std::optional<StateStore> state;
  if (cl.dry_run)
    state.emplace(root / ".dossier", StateStore::InMemoryCopy{});
  else
    state.emplace(root / ".dossier");
  RunReport report = run_pipeline(root, config, options, *state);

  for (const FailedNote& f : report.notes_failed) std::cerr << f.failure.text() << "\n";
  for (const FailedMeeting& f : report.meetings_failed) std::cerr << f.failure.text() << "\n";
  for (const Failure& f : report.llm_pending)
    std::cerr << f.text() << " (the LLM part is left for a later run)\n";
  if (!cl.quiet)
    for (const std::string& warning : report.warnings) std::cerr << warning << "\n";
  // Listed on request only: an internal meeting's items are unattributed by
  // design, and a clean run stays silent on stderr (cron mails it).
  if (cl.verbose && !cl.json)
    for (const UnattributedItem& u : report.unattributed)
      std::cerr << u.path << ":" << u.line << ": no customer for this item: " << u.text << "\n";
  if (cl.dry_run && !cl.json) std::cout << report.diff;
  if (cl.json) {
    std::cout << report_json(report, cl.dry_run).dump(2) << "\n";
  } else if (!cl.quiet) {
    if (cl.verbose) print_changes(report);
    print_summary(report, cl.dry_run);
  }
  return report.meetings_failed.empty() && report.notes_failed.empty() && report.llm_pending.empty()
             ? kExitOk
             : kExitSomeFailed;
}

}  // namespace dossier
