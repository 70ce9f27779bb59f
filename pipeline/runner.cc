#include "pipeline/runner.h"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "vault/customer_template.h"
#include "pipeline/customer_writer.h"
#include "pipeline/people_stubs.h"
#include "pipeline/undo.h"
#include "util/error.h"
#include "pipeline/extraction.h"
#include "util/files.h"
#include "vault/guarded_write.h"
#include "vault/meeting.h"
#include "util/parallel.h"
#include "util/progress.h"
#include "vault/templates.h"
#include "util/text.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

struct LoadedMeeting {
  Meeting meeting;
  std::string hash;
  std::string stat;
  bool failed = false;
  MeetingReports reports;  // read from the text before it is freed
  bool revised = false;    // processed before with other content
  bool llm_was_pending = false;  // recorded with its LLM part still to do
  bool llm_pending = false;      // after this run, its LLM part is still to do
  // Renamed or moved: the path dossier knew the same content under, gone
  // now, and the notes that cite it by its old name.
  std::string renamed_from;
  std::vector<std::string> citing;
};

struct MeetingScan {
  std::vector<LoadedMeeting> to_process;  // in date order
  std::vector<std::pair<std::string, std::string>> restat;  // unchanged content, new stat signature
};

// Whether the file was modified less than `settle_s` seconds ago.
bool settling(const fs::path& path, int settle_s) {
  struct stat st {};
  if (settle_s <= 0 || ::stat(path.c_str(), &st) != 0) return false;
  return std::time(nullptr) - st.st_mtim.tv_sec < settle_s;
}

// The vault index's note facts, kept in the state store: read in one query,
// written back in one transaction, and only those read afresh.
class StateNoteFacts : public NoteFactsCache {
 public:
  explicit StateNoteFacts(StateStore& state) : state_(state), known_(state.note_facts()) {}

  std::optional<NoteFacts> find(const std::string& path, const std::string& signature) override {
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

void fail(RunReport& report, const std::string& path, Failure failure, const char* kind) {
  report.meetings_failed.push_back({path, std::move(failure), kind, ""});
}

// A note or folder that failed, once: a second failure of the same path in
// one run (its write retried, both walks seeing it) adds nothing.
void note_failed(RunReport& report, Failure failure, const char* kind) {
  for (const FailedNote& known : report.notes_failed)
    if (known.failure.path == failure.path) return;
  report.notes_failed.push_back({std::move(failure), kind});
}

// A meeting read and extracted fine, but a customer note it adds to failed:
// the meeting fails (once) under its own path, naming that note, whose own
// failure is reported once, under notes_failed.
void blocked_by_note(RunReport& report, LoadedMeeting& lm, const std::string& note, const std::string& why) {
  if (lm.failed) return;
  lm.failed = true;
  report.meetings_failed.push_back(
      {lm.meeting.path, Failure(lm.meeting.path, 1, "not processed: customer note " + note + " " + why), "note", note});
}

// What reading one meeting file found.
struct FileResult {
  std::string stat, hash;
  bool unchanged = false;  // same stat signature or same content hash as recorded
  bool restat = false;     // same content, new stat signature to record
  bool before_since = false;
  bool settling = false;   // saved too recently: left for the next run
  std::optional<Meeting> meeting;
  std::optional<Failure> failure;
};

// `known_stat` and `known_hash` let an unchanged file be skipped (null with
// --full or `note`).
FileResult read_meeting_file(const fs::path& root, const std::string& path, const Config& config,
                             const RunOptions& options, const std::string* known_stat, const std::string* known_hash) {
  FileResult r;
  r.stat = stat_signature(root / path);
  if (known_stat && !r.stat.empty() && *known_stat == r.stat) {
    r.unchanged = true;
    return r;
  }
  FileRead file = read_regular_file(root / path, config.max_file_bytes);
  if (file.status != FileRead::ok) {
    r.failure = file.failure(path);
    return r;
  }
  r.hash = content_hash(file.bytes);
  // A meeting whose LLM part is pending is extracted again by a run that
  // uses the LLM; its stat is not recorded, so that it is read each run.
  bool llm_to_do = known_hash && is_llm_pending(*known_hash) && config.extractor != ExtractorKind::rules;
  if (known_hash && recorded_content(*known_hash) == r.hash && !llm_to_do) {
    r.unchanged = true;
    r.restat = !is_llm_pending(*known_hash);
    return r;
  }
  // A meeting saved just now is probably being typed: each half-saved
  // version would add (and, once revised, retract) lines. It waits for the
  // next run, new or revised alike; `--now` (settle_s 0) reads it at once.
  if (settling(root / path, options.settle_s)) {
    r.settling = true;
    return r;
  }
  try {
    Meeting m = read_meeting(parse_note(path, file.bytes, ParseLimits{config.max_file_bytes}), path);
    r.before_since = !options.since.empty() && !m.date.empty() && m.date < options.since;
    // A date in the future is a typo: written, it would hold last_contact
    // and Recent Context there after the meeting is fixed.
    if (is_iso_date(std::string_view(m.date).substr(0, std::min<size_t>(m.date.size(), 10))) && !options.today.empty() && m.date.substr(0, 10) > options.today)
      throw InputError(path, 1, "the meeting is dated " + m.date + ", after today (" + options.today +
                                    "); fix its date: nothing from it is written until then");
    r.meeting = std::move(m);
  } catch (const InputError& e) {
    r.failure = e.failure();
  } catch (const std::exception& e) {
    // One bad file must not end the batch.
    r.failure = Failure(path, 1, e.what());
  }
  return r;
}

// A meeting at a path new to dossier whose content dossier knows under
// exactly one path that is gone (no file there any more) was renamed or
// moved: it keeps that meeting's history (see rename.h) rather than being
// a new meeting that would add its lines a second time.
void find_renames(const fs::path& root, const std::unordered_map<std::string, std::string>& hashes,
                  std::vector<LoadedMeeting>& meetings) {
  std::map<std::string, int> new_by_hash;  // content hash -> meetings at new paths with it
  for (const LoadedMeeting& lm : meetings)
    if (!hashes.count(lm.meeting.path)) ++new_by_hash[lm.hash];
  if (new_by_hash.empty()) return;
  std::map<std::string, std::vector<std::string>> gone;  // content hash -> known paths without a file
  for (const auto& [path, recorded] : hashes) {
    auto it = new_by_hash.find(std::string(recorded_content(recorded)));
    std::error_code ec;
    if (it == new_by_hash.end() || it->second != 1 || fs::exists(fs::symlink_status(root / path, ec))) continue;
    gone[it->first].push_back(path);
  }
  for (LoadedMeeting& lm : meetings) {
    auto it = gone.find(lm.hash);
    if (!hashes.count(lm.meeting.path) && it != gone.end() && it->second.size() == 1) {
      lm.renamed_from = it->second.front();
      lm.llm_was_pending = is_llm_pending(hashes.at(lm.renamed_from));
    }
  }
}

// Reads the meetings to process: new or changed ones (content hash), all
// with --full, or the one of `note MEETING`. A file whose stat signature is
// the one recorded with its hash is not even read. Files are read and parsed
// in parallel; results are gathered in path order.
MeetingScan load_meetings(const fs::path& root, const Config& config, const RunOptions& options, StateStore& state,
                          RunReport& report) {
  std::vector<std::string> walk_errors;
  std::vector<std::string> paths = options.single ? std::vector<std::string>{*options.single}
                                                  : meeting_paths(root, config, walk_errors);
  // Meetings in a folder the walk could not read are not seen: the folder is
  // reported (exit 1), the meetings it holds wait for a run that sees them.
  for (const std::string& e : walk_errors) {
    size_t colon = e.find(": ");
    note_failed(report, Failure(e.substr(0, colon), 1, colon == std::string::npos ? e : e.substr(colon + 2)), "index");
  }
  report.meetings_seen = static_cast<int>(paths.size());
  bool incremental = !options.full && !options.single;
  std::unordered_map<std::string, std::string> stats;
  // Known hashes also tell a revised meeting (to retract what it no longer says).
  std::unordered_map<std::string, std::string> hashes;
  if (options.single) {
    if (std::optional<std::string> h = state.meeting_hash(*options.single)) hashes.emplace(*options.single, *h);
  } else {
    hashes = state.meeting_hashes();
  }
  if (incremental) stats = state.meeting_stats();
  auto known = [](const std::unordered_map<std::string, std::string>& m, const std::string& key) {
    auto it = m.find(key);
    return it == m.end() ? nullptr : &it->second;
  };
  std::vector<FileResult> results(paths.size());
  parallel_for(paths.size(), [&](size_t i) {
    results[i] = read_meeting_file(root, paths[i], config, options, known(stats, paths[i]),
                                   incremental ? known(hashes, paths[i]) : nullptr);
  });
  MeetingScan scan;
  for (size_t i = 0; i < paths.size(); ++i) {
    FileResult& r = results[i];
    if (r.failure) {
      fail(report, paths[i], std::move(*r.failure), "read");
    } else if (r.unchanged || r.before_since || r.settling) {
      ++report.meetings_skipped;
      if (r.settling) report.meetings_settling.push_back(paths[i]);
      if (r.restat) scan.restat.emplace_back(paths[i], r.stat);
    } else {
      const std::string* previous = known(hashes, paths[i]);
      LoadedMeeting& lm = scan.to_process.emplace_back();
      lm.meeting = std::move(*r.meeting);
      lm.hash = r.hash;
      lm.stat = r.stat;
      lm.revised = previous && recorded_content(*previous) != r.hash;
      lm.llm_was_pending = previous && is_llm_pending(*previous);
    }
  }
  find_renames(root, hashes, scan.to_process);
  std::stable_sort(scan.to_process.begin(), scan.to_process.end(), [](const LoadedMeeting& a, const LoadedMeeting& b) {
    return std::tie(a.meeting.date, a.meeting.path) < std::tie(b.meeting.date, b.meeting.path);
  });
  return scan;
}

bool is_internal(const VaultIndex& vault, const std::string& attendee) {
  const Person* p = find_person(vault, attendee);
  return p && !vault.own_company.empty() && iequals(p->company, vault.own_company);
}

// Everyone who attended: what the extractor found (attendee lines, speakers),
// else the meeting's own list.
const std::vector<std::string>& attendees_of(const Meeting& m, const Extraction& e) {
  return e.attendees.empty() ? m.attendees : e.attendees;
}

// "(via PERSON)": the one of our people who held the meeting (the extractor
// names them on the summary), else the first of our people who attended,
// else an attendee at the customer, else nobody.
std::string via_for(const VaultIndex& vault, const Meeting& m, const Extraction& e, const Customer& customer) {
  for (const Item& item : e.items)
    if (item.kind == ItemKind::summary && !item.speaker.empty()) return item.speaker;
  for (const std::string& a : attendees_of(m, e))
    if (is_internal(vault, a)) return a;
  for (const std::string& a : attendees_of(m, e))
    if (const Person* p = find_person(vault, a); p && find_customer(vault, p->company) == &customer) return a;
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
  return read_config_file(root, config.template_path, "template", config);
}

// The notes to write: each customer's items, meeting by meeting in date
// order, with the indexes of the meetings behind them (retried when the
// note cannot be written).
struct Grouped {
  std::map<std::string, CustomerWrite> writes;
  std::map<std::string, std::vector<size_t>> meetings_of;
};

// The notes that cite a renamed meeting by its old name get the rename,
// whether or not the meeting gives them items this run.
void add_renames(const VaultIndex& vault, const LoadedMeeting& lm, size_t index, Grouped& g) {
  if (lm.renamed_from.empty()) return;
  MeetingRename rename{fs::path(lm.renamed_from).stem().string(), lm.meeting.name};
  for (const std::string& note : lm.citing) {
    auto c = std::find_if(vault.customers().begin(), vault.customers().end(),
                          [&](const Customer& customer) { return customer.path == note; });
    if (c == vault.customers().end()) continue;  // no longer a customer note: nothing to rewrite
    CustomerWrite& w = g.writes[c->name];
    w.name = c->name;
    w.note_path = c->path;
    w.renames.push_back(rename);
    std::vector<size_t>& of = g.meetings_of[c->name];
    if (std::find(of.begin(), of.end(), index) == of.end()) of.push_back(index);
  }
}

// A revised meeting that no longer gives anything to a customer note it fed
// before (`fed`: meeting path -> those notes) still goes to that note, to
// retract what it wrote there.
void add_dropped(const VaultIndex& vault, const std::vector<std::string>& fed, const LoadedMeeting& lm, size_t index,
                 Grouped& g) {
  for (const std::string& note : fed) {
    auto c = std::find_if(vault.customers().begin(), vault.customers().end(),
                          [&](const Customer& customer) { return customer.path == note; });
    if (c == vault.customers().end() || vault.broken_notes.count(note)) continue;
    CustomerWrite& w = g.writes[c->name];
    if (std::any_of(w.batch.begin(), w.batch.end(), [&](const MeetingItems& m) { return m.meeting == &lm.meeting; }))
      continue;
    MeetingItems mi;
    mi.meeting = &lm.meeting;
    mi.revised = mi.dropped = true;
    w.name = c->name;
    w.note_path = c->path;
    w.batch.push_back(std::move(mi));
    g.meetings_of[c->name].push_back(index);
  }
}

Grouped group_by_customer(const VaultIndex& vault, std::vector<LoadedMeeting>& meetings,
                          const std::vector<MeetingExtraction>& extractions,
                          const std::map<std::string, std::vector<std::string>>& fed, RunReport& report) {
  Grouped g;
  for (size_t i = 0; i < meetings.size(); ++i) {
    const Meeting& m = meetings[i].meeting;
    if (extractions[i].error) {
      meetings[i].failed = true;
      fail(report, m.path, *extractions[i].error, "extract");
      continue;
    }
    if (extractions[i].llm_error) report.llm_pending.push_back(*extractions[i].llm_error);
    if (extracted_nothing(m, extractions[i].extraction)) report.warnings.push_back(m.path + ": no items extracted");
    std::map<std::string, MeetingItems> per_customer;
    // The customer's items of this meeting; null when it has no note to
    // write to (then the meeting is blocked or the name unknown).
    auto items_of = [&](const std::string& name) -> MeetingItems* {
      const Customer* c = find_customer(vault, name);
      if (!c) return nullptr;
      if (vault.broken_notes.count(c->path)) {
        blocked_by_note(report, meetings[i], c->path, "could not be read (see its error)");
        return nullptr;
      }
      MeetingItems& mi = per_customer[c->name];
      if (!mi.meeting) {
        mi.meeting = &m;
        mi.reports = meetings[i].reports;
        mi.language = extractions[i].extraction.language;
        mi.via = via_for(vault, m, extractions[i].extraction, *c);
        for (const std::string& a : attendees_of(m, extractions[i].extraction))
          if (is_internal(vault, a)) mi.internal_attendees.push_back(a);
      }
      return &mi;
    };
    // Every customer the meeting is with gets its Recent Context line.
    for (const std::string& name : extractions[i].extraction.meeting_customers) items_of(name);
    for (const Item& item : extractions[i].extraction.items) {
      if (!item.customer) {
        if (item.kind != ItemKind::summary) report.unattributed.push_back({m.path, item.line, item.text});
        continue;
      }
      std::vector<std::string> names{*item.customer};
      names.insert(names.end(), item.also.begin(), item.also.end());
      for (const std::string& name : names) {
        MeetingItems* mi = items_of(name);
        if (!mi) {
          if (!find_customer(vault, name)) report.unattributed.push_back({m.path, item.line, item.text});
          continue;
        }
        Item copy = item;
        copy.customer = name;
        copy.also.clear();
        mi->items.push_back(std::move(copy));
      }
    }
    add_missing_summaries(per_customer, m, extractions[i].extraction.items);
    for (auto& [name, mi] : per_customer) {
      mi.sole_customer = per_customer.size() == 1;
      mi.revised = meetings[i].revised;
      CustomerWrite& w = g.writes[name];
      w.name = name;
      w.note_path = find_customer(vault, name)->path;
      w.batch.push_back(std::move(mi));
      g.meetings_of[name].push_back(i);
    }
    add_renames(vault, meetings[i], i, g);
    if (auto it = fed.find(m.path); it != fed.end()) add_dropped(vault, it->second, meetings[i], i, g);
  }
  return g;
}

// Notes the memory knows under another path that no longer exists, with
// the same file name (the user moved or renamed the note's folder, or
// renamed it back): new path -> old path. The memory of what the user
// deleted follows the note.
std::map<std::string, std::string> moved_notes(const fs::path& root, StateStore& state,
                                               const std::vector<std::string>& note_paths) {
  // Most runs touch only notes the memory knows: then there is nothing to
  // look for, and the whole memory need not be read.
  if (std::all_of(note_paths.begin(), note_paths.end(), [&](const std::string& p) { return state.remembers(p); }))
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

// A note that could not be updated is reported once, under its own path;
// the meetings behind it fail naming it, and are retried next run.
void failed_write(RunReport& report, const Grouped& grouped, const CustomerWrite& write,
                  std::vector<LoadedMeeting>& meetings, Failure failure) {
  note_failed(report, std::move(failure), "write");
  for (size_t m : grouped.meetings_of.at(write.name))
    blocked_by_note(report, meetings[m], write.note_path, "could not be updated (see its error)");
}

// Merging is pure given the note and its memory: every note is prepared in
// parallel, then written one by one through `writer` (state store and
// journal are serial).
void write_notes(const fs::path& root, const Config& config, const RunOptions& options, JournalledWriter& writer,
                 const Grouped& grouped, bool may_create, std::vector<LoadedMeeting>& meetings, RunReport& report) {
  StateStore& state = writer.state();
  std::string template_text = customer_template(root, config);
  // New notes follow the `sections` map, and a section missing from a note
  // is created at its place in the template's order and at its level.
  std::string remapped =
      remap_template_sections(render_customer_template(template_text, "customer", options.today), config.sections);
  TemplateShape shape = template_shape(template_text);
  for (const Section& section : parse_note("template", remapped).sections)
    if (section.level > 0) shape.section_levels.emplace(casefold(section.title), section.level);
  std::vector<const CustomerWrite*> todo;
  for (const auto& [name, write] : grouped.writes) {
    bool exists = fs::exists(fs::symlink_status(root / write.note_path));
    bool only_retracts = std::all_of(write.batch.begin(), write.batch.end(), [](const MeetingItems& m) { return m.dropped; });
    if (exists || (config.create_customers && may_create && !only_retracts)) todo.push_back(&write);
  }
  std::vector<std::string> note_paths;
  for (const CustomerWrite* w : todo) note_paths.push_back(w->note_path);
  const std::unordered_map<std::string, unsigned long long> written_sizes = state.written_sizes(note_paths);
  const MeetingDates meeting_dates = state.meeting_dates();
  WriterContext context{root,          &config,         std::move(template_text), std::move(shape),
                        section_titles(remapped), options.today, options.dry_run, &written_sizes, &meeting_dates};
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
  const std::unordered_map<std::string, NoteMemory> remembered = state.memories(lookup);
  std::unordered_map<std::string, NoteMemory> memories;
  for (size_t i = 0; i < note_paths.size(); ++i) memories[note_paths[i]] = remembered.at(lookup[i]);
  std::vector<std::optional<PreparedWrite>> prepared(todo.size());
  std::vector<std::optional<Failure>> failures(todo.size());
  parallel_for(todo.size(), [&](size_t i) {
    try {
      prepared[i] = prepare_customer_note(context, *todo[i], memories.at(todo[i]->note_path));
    } catch (const std::exception& e) {
      failures[i] = note_failure(root, todo[i]->note_path, e);
    }
  });
  for (size_t i = 0; i < todo.size(); ++i) {
    const CustomerWrite& write = *todo[i];
    if (options.progress) std::cerr << "\rdossier: " << i + 1 << "/" << todo.size() << " customer notes" << std::flush;
    if (failures[i]) {
      failed_write(report, grouped, write, meetings, std::move(*failures[i]));
      continue;
    }
    try {
      WriteOutcome out = commit_customer_note(context, write, std::move(*prepared[i]), writer);
      report.items_added += out.stats.items_added;
      report.items_merged += out.stats.items_merged;
      for (Change& change : out.stats.changes) {
        change.note = write.note_path;
        report.changes.push_back(std::move(change));
      }
      report.diff += out.diff;
      if (out.created) report.notes_created.push_back(write.note_path);
      else if (out.stats.changed) report.notes_updated.push_back(write.note_path);
    } catch (const std::exception& e) {
      failed_write(report, grouped, write, meetings, note_failure(root, write.note_path, e));
    }
  }
  if (options.progress && !todo.empty()) std::cerr << "\n";
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
                                       : bytes_of(config.template_path)) + '\0';
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
  if (!options.dry_run && (!known || (options.full && !options.single && *known != now))) {
    state.begin();
    state.set_setting("settings_hash", now);
    state.commit();
  }
}

}  // namespace

RunReport run_pipeline(const fs::path& root, const Config& config, const RunOptions& options, StateStore& state) {
  RunReport report;
  // A run that never finished wrote some notes and marked no meeting done.
  // Merging into its half would not give what one run gives (near-duplicate
  // matching depends on the lines already there): put its notes back first,
  // then this run does the whole work once.
  if (!options.dry_run && state.journal_open())
    for (const UndoStep& step : undo_last_run(root, config, state, false).steps)
      if (step.action == UndoStep::keep) report.warnings.push_back(step.message);
  check_settings(root, config, options, state, report);
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
  StateNoteFacts facts(state);
  VaultIndex vault = scan_vault(root, config, vault_errors, &facts);
  if (!options.dry_run) facts.save();
  for (const InputError& e : vault_errors) note_failed(report, e.failure(), "index");
  for (LoadedMeeting& lm : meetings) {
    add_declared_customers(vault, config, lm.meeting, &report.warnings);
    match_attendees(vault, lm.meeting);
  }
  std::vector<const Meeting*> to_extract;
  for (const LoadedMeeting& lm : meetings) to_extract.push_back(&lm.meeting);
  std::vector<MeetingExtraction> extractions;
  {
    ProgressMeter progress(options.progress ? &std::cerr : nullptr, static_cast<int>(to_extract.size()));
    std::vector<std::string> paths;  // counted anew, so not among the vault's other meetings
    for (const LoadedMeeting& lm : meetings) {
      paths.push_back(lm.meeting.path);
      if (!lm.renamed_from.empty()) paths.push_back(lm.renamed_from);
    }
    // A dry run writes nothing, LLM answers to the state store included.
    MemoryResponseCache dry_run_cache;
    StateResponseCache state_cache(state);
    ResponseCache& llm_cache = options.dry_run ? static_cast<ResponseCache&>(dry_run_cache) : state_cache;
    extractions = extract_meetings(to_extract, vault, config, llm_cache, &progress,
                                   [&](const std::vector<std::string>& keys) { return state.phrase_counts(keys, paths); },
                                   options.rules.get());
  }
  JournalledWriter writer(state);
  if (config.create_people) {
    StubResult stubs = create_people_stubs({root, &config, options.dry_run}, to_extract, extractions, vault, writer);
    report.people_created = std::move(stubs.created);
    // A People note that could not be made fails no meeting: the contact
    // line is written without its link, and the stub is tried next run.
    for (const Failure& f : stubs.errors) note_failed(report, f, "create");
  }
  // From here on a meeting is its name, date and attendees: free the text,
  // which is most of a large run's memory.
  for (LoadedMeeting& lm : meetings) {
    lm.reports = meeting_reports(lm.meeting);
    lm.meeting.note = Note{};
  }

  // The LLM part stays to do where it failed, or where this run did not try it.
  for (size_t i = 0; i < meetings.size(); ++i)
    meetings[i].llm_pending = extractions[i].llm_error.has_value() ||
                              (meetings[i].llm_was_pending && config.extractor == ExtractorKind::rules);
  for (LoadedMeeting& lm : meetings)
    if (!lm.renamed_from.empty()) {
      lm.citing = state.notes_citing(fs::path(lm.renamed_from).stem().string());
      report.meetings_renamed.emplace_back(lm.renamed_from, lm.meeting.path);
    }
  // The notes each revised meeting fed before: it may no longer name some.
  std::map<std::string, std::vector<std::string>> fed;
  for (const LoadedMeeting& lm : meetings)
    if (lm.revised) fed[lm.meeting.path] = state.notes_fed_by(lm.meeting.name);
  Grouped grouped = group_by_customer(vault, meetings, extractions, fed, report);
  write_notes(root, config, options, writer, grouped, vault.customers_complete, meetings, report);
  // A customer the index lacks (a note that did not parse, a folder not
  // walked) may be named by any of these meetings: none is done until the
  // index is whole, so that its items arrive once the note is fixed.
  if (!vault.customers_complete) {
    std::string blocker = config.customers;
    for (const auto& [note, error] : vault.broken_notes)
      if (blocker == config.customers || note < blocker) blocker = note;
    for (LoadedMeeting& lm : meetings)
      blocked_by_note(report, lm, blocker,
                      "could not be read (see above), and this meeting may name its customer: it is processed again "
                      "once that is fixed (no new customer note was created either)");
  }

  if (!options.dry_run) state.begin();
  std::vector<StateStore::MeetingPhrases> phrases;
  for (size_t i = 0; i < meetings.size(); ++i) {
    const LoadedMeeting& lm = meetings[i];
    if (lm.failed) continue;
    ++report.meetings_processed;
    if (options.dry_run) continue;
    if (writer.started()) state.journal_meeting({lm.meeting.path, state.meeting_hash(lm.meeting.path)});
    if (!lm.renamed_from.empty()) {  // the old path is forgotten, and undo brings it back
      if (writer.started()) state.journal_meeting({lm.renamed_from, state.meeting_hash(lm.renamed_from)});
      state.forget_meeting(lm.renamed_from);
      state.forget_meeting_phrases(lm.renamed_from);
    }
    state.set_meeting_hash(lm.meeting.path, lm.llm_pending ? llm_pending_hash(lm.hash) : lm.hash);
    state.set_meeting_date(lm.meeting.path, lm.meeting.name, lm.meeting.date);
    if (!lm.stat.empty() && !lm.llm_pending) state.set_meeting_stat(lm.meeting.path, lm.stat);
    if (config.extractor != ExtractorKind::llm) phrases.push_back({lm.meeting.path, extractions[i].phrase_keys});
  }
  if (!options.dry_run) state.set_meeting_phrases(phrases);
  if (!options.dry_run && writer.started()) state.finish_journal();
  if (!options.dry_run) state.commit();
  return report;
}

}  // namespace dossier
