#include "pipeline/runner.h"

#include <sys/stat.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <unordered_map>

#include "pipeline/customer_template.h"
#include "pipeline/customer_writer.h"
#include "pipeline/error.h"
#include "pipeline/extraction.h"
#include "pipeline/files.h"
#include "pipeline/guarded_write.h"
#include "pipeline/meeting.h"
#include "pipeline/templates.h"
#include "pipeline/text.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

struct LoadedMeeting {
  Meeting meeting;
  std::string hash;
  std::string stat;
  bool failed = false;
};

struct MeetingScan {
  std::vector<LoadedMeeting> to_process;  // in date order
  std::vector<std::pair<std::string, std::string>> restat;  // unchanged content, new stat signature
};

// Size, modification time (ns) and inode: what changes when a file is
// written or replaced. Empty when the file cannot be stat'ed.
std::string stat_signature(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_ino);
}

void fail(RunReport& report, const std::string& path, const std::string& error) {
  report.meetings_failed.emplace_back(path, error);
}

// Reads the meetings to process: new or changed ones (content hash), all
// with --full, or the one of `note MEETING`. A file whose stat signature is
// the one recorded with its hash is not even read.
MeetingScan load_meetings(const fs::path& root, const Config& config, const RunOptions& options, StateStore& state,
                          RunReport& report) {
  std::vector<std::string> paths = options.single ? std::vector<std::string>{*options.single}
                                                  : match_globs(root, config.meetings);
  report.meetings_seen = static_cast<int>(paths.size());
  bool incremental = !options.full && !options.single;
  std::unordered_map<std::string, std::string> known_stats;
  if (incremental) known_stats = state.meeting_stats();
  MeetingScan scan;
  for (const std::string& path : paths) {
    std::string stat = stat_signature(root / path);
    auto known = known_stats.find(path);
    if (!stat.empty() && known != known_stats.end() && known->second == stat) {
      ++report.meetings_skipped;
      continue;
    }
    std::optional<std::string> bytes = read_file(root / path);
    if (!bytes) {
      fail(report, path, path + ":1: cannot read file");
      continue;
    }
    std::string hash = content_hash(*bytes);
    if (incremental && state.meeting_hash(path) == hash) {
      ++report.meetings_skipped;
      scan.restat.emplace_back(path, stat);
      continue;
    }
    try {
      Meeting m = read_meeting(parse_note(path, *bytes, ParseLimits{config.max_file_bytes}), path);
      if (!options.since.empty() && !m.date.empty() && m.date < options.since) {
        ++report.meetings_skipped;
        continue;
      }
      scan.to_process.push_back({std::move(m), hash, stat});
    } catch (const InputError& e) {
      fail(report, path, e.what());
    }
  }
  std::stable_sort(scan.to_process.begin(), scan.to_process.end(), [](const LoadedMeeting& a, const LoadedMeeting& b) {
    return std::tie(a.meeting.date, a.meeting.path) < std::tie(b.meeting.date, b.meeting.path);
  });
  return scan;
}

bool is_internal(const VaultIndex& vault, const std::string& attendee) {
  const Person* p = find_person(vault, attendee);
  return p && !vault.own_company.empty() && iequals(p->company, vault.own_company);
}

// "(via PERSON)": who the news came from: an attendee at the customer, else
// the first of our own people in the meeting, else nobody.
std::string via_for(const VaultIndex& vault, const Meeting& m, const Customer& customer) {
  for (const std::string& a : m.attendees)
    if (const Person* p = find_person(vault, a); p && find_customer(vault, p->company) == &customer) return a;
  for (const std::string& a : m.attendees)
    if (is_internal(vault, a)) return a;
  return "";
}

// Every customer a meeting adds items to gets a Recent Context line: its own
// summary when the extractor attributed one to it, else the meeting's title
// (a daily note's summary may be about another customer).
void add_missing_summaries(std::map<std::string, MeetingItems>& per_customer, const Meeting& m,
                           const std::vector<Item>& items) {
  const Item* summary = nullptr;
  for (const Item& item : items)
    if (item.kind == ItemKind::summary) summary = &item;
  for (auto& [name, mi] : per_customer) {
    bool has = std::any_of(mi.items.begin(), mi.items.end(), [](const Item& i) { return i.kind == ItemKind::summary; });
    if (has) continue;
    Item s;
    s.kind = ItemKind::summary;
    s.text = summary && !summary->customer && per_customer.size() == 1 ? summary->text : m.title;
    s.customer = name;
    s.line = summary ? summary->line : 1;
    s.extractor = summary ? summary->extractor : "rules";
    mi.items.push_back(std::move(s));
  }
}

std::string customer_template(const fs::path& root, const Config& config) {
  if (config.template_path.empty()) return std::string(*builtin_template("customer.md"));
  std::optional<std::string> text = read_file(root / config.template_path);
  if (!text) throw ConfigError(config.template_path, 1, "cannot read the customer note template");
  return *text;
}

}  // namespace

RunReport run_pipeline(const fs::path& root, const Config& config, const RunOptions& options, StateStore& state) {
  RunReport report;
  MeetingScan scan = load_meetings(root, config, options, state, report);
  std::vector<LoadedMeeting>& meetings = scan.to_process;
  if (!options.dry_run && !scan.restat.empty()) {
    state.begin();
    for (const auto& [path, stat] : scan.restat) state.set_meeting_stat(path, stat);
    state.commit();
  }
  // Nothing new (the cron case): no need to read the customer notes at all.
  if (meetings.empty()) return report;

  std::vector<InputError> vault_errors;
  VaultIndex vault = scan_vault(root, config, vault_errors);
  for (const InputError& e : vault_errors) fail(report, e.path(), e.what());
  for (const LoadedMeeting& lm : meetings) add_declared_customers(vault, config, lm.meeting);
  std::vector<const Meeting*> to_extract;
  for (const LoadedMeeting& lm : meetings) to_extract.push_back(&lm.meeting);
  std::vector<MeetingExtraction> extractions =
      extract_meetings(to_extract, vault, config, options.extractor, options.dry_run ? nullptr : &state);
  // From here on a meeting is its name, date and attendees: free the text,
  // which is most of a large run's memory.
  for (LoadedMeeting& lm : meetings) lm.meeting.note = Note{};

  // Group each meeting's items by customer, keeping meeting date order.
  std::map<std::string, CustomerWrite> writes;
  std::map<std::string, std::vector<size_t>> meetings_of;  // customer -> meeting indexes
  for (size_t i = 0; i < meetings.size(); ++i) {
    const Meeting& m = meetings[i].meeting;
    if (!extractions[i].error.empty()) {
      meetings[i].failed = true;
      fail(report, m.path, extractions[i].error);
      continue;
    }
    std::map<std::string, MeetingItems> per_customer;
    for (const Item& item : extractions[i].extraction.items) {
      if (!item.customer) continue;
      const Customer* c = find_customer(vault, *item.customer);
      if (!c) continue;
      MeetingItems& mi = per_customer[c->name];
      if (!mi.meeting) {
        mi.meeting = &m;
        mi.via = via_for(vault, m, *c);
        for (const std::string& a : m.attendees)
          if (is_internal(vault, a)) mi.internal_attendees.push_back(a);
      }
      mi.items.push_back(item);
    }
    add_missing_summaries(per_customer, m, extractions[i].extraction.items);
    for (auto& [name, mi] : per_customer) {
      CustomerWrite& w = writes[name];
      w.name = name;
      w.note_path = find_customer(vault, name)->path;
      w.batch.push_back(std::move(mi));
      meetings_of[name].push_back(i);
    }
  }

  WriterContext context{root, &config, customer_template(root, config), options.today, options.dry_run, &state, nullptr};
  bool journal_started = false;
  context.journal_started = &journal_started;
  if (!options.dry_run) {
    std::set<fs::path> folders;
    for (const auto& [name, write] : writes) folders.insert((root / write.note_path).parent_path());
    for (const fs::path& folder : folders) remove_stale_temp_files(folder);
  }
  size_t done = 0;
  for (const auto& [name, write] : writes) {
    if (options.progress) std::cerr << "\rdossier: " << ++done << "/" << writes.size() << " customer notes" << std::flush;
    bool exists = fs::exists(fs::symlink_status(root / write.note_path));
    if (!exists && !config.create_customers) continue;
    try {
      WriteOutcome out = write_customer_note(context, write);
      report.items_added += out.stats.items_added;
      report.items_merged += out.stats.items_merged;
      report.diff += out.diff;
      if (out.created) report.notes_created.push_back(write.note_path);
      else if (out.stats.changed) report.notes_updated.push_back(write.note_path);
    } catch (const std::exception& e) {
      // The meetings behind this note are retried next run.
      for (size_t i : meetings_of[name]) meetings[i].failed = true;
      fail(report, write.note_path, e.what());
    }
  }
  if (options.progress && !writes.empty()) std::cerr << "\n";

  if (!options.dry_run) state.begin();
  for (const LoadedMeeting& lm : meetings) {
    if (lm.failed) continue;
    ++report.meetings_processed;
    if (options.dry_run) continue;
    if (journal_started) state.journal_meeting({lm.meeting.path, state.meeting_hash(lm.meeting.path)});
    state.set_meeting_hash(lm.meeting.path, lm.hash);
    if (!lm.stat.empty()) state.set_meeting_stat(lm.meeting.path, lm.stat);
  }
  if (!options.dry_run) state.commit();
  return report;
}

}  // namespace dossier
