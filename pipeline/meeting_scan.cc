#include "pipeline/meeting_scan.h"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "util/files.h"
#include "util/parallel.h"
#include "vault/markdown_line.h"
#include "vault/vault.h"
#include "vault/vault_files.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

// Whether the file was modified less than `settle_s` seconds ago.
bool settling(const fs::path& path, int settle_s) {
  struct stat st {};
  if (settle_s <= 0 || ::stat(path.c_str(), &st) != 0) return false;
  return std::time(nullptr) - st.st_mtim.tv_sec < settle_s;
}

Meeting parse_meeting(const std::string& path, std::string_view bytes, const Config& config) {
  return read_meeting(parse_note(path, bytes, ParseLimits{config.max_file_bytes}), path);
}

// What reading one meeting file found.
struct FileResult {
  std::string stat, hash;
  bool unchanged = false;  // same content hash as recorded
  bool restat = false;     // same content, new stat signature to record
  bool before_since = false;
  bool settling = false;  // saved too recently: left for the next run
  // The meeting as parsed, without its text: a scan of thousands of
  // meetings holds none of their texts.
  std::optional<MeetingInfo> meeting;
  std::vector<std::string> declared;  // declared_customers
  std::optional<Failure> failure;
};

// A file to read: its stat signature was not the one recorded. `known_hash`
// lets content dossier has seen be skipped (null with --full or `note`).
FileResult read_meeting_file(const fs::path& root, const std::string& path, std::string stat,
                             const Config& config, const RunOptions& options, const std::string* known_hash) {
  FileResult r;
  r.stat = std::move(stat);
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
    Meeting m = parse_meeting(path, file.bytes, config);
    r.before_since = !options.since.empty() && !m.date.empty() && m.date < options.since;
    // A date in the future is a typo: written, it would hold last_contact
    // and Recent Context there after the meeting is fixed.
    std::string_view day = std::string_view(m.date).substr(0, std::min<size_t>(m.date.size(), 10));
    if (is_iso_date(day) && !options.today.empty() && day > options.today)
      throw InputError(path, 1,
                       "the meeting is dated " + m.date + ", after today (" + options.today +
                           "); fix its date: nothing from it is written until then");
    r.declared = declared_customers(m);
    r.meeting = std::move(static_cast<MeetingInfo&>(m));
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
// a new meeting that would add its lines a second time. `hashes`: what the
// state store recorded of the paths read.
void find_renames(const fs::path& root, StateStore& state,
                  const std::unordered_map<std::string, std::string>& hashes,
                  std::vector<LoadedMeeting>& meetings) {
  std::map<std::string, int> new_by_hash;  // content hash -> meetings at new paths with it
  for (const LoadedMeeting& lm : meetings)
    if (!hashes.count(lm.info.path)) ++new_by_hash[lm.hash];
  std::vector<std::string> contents;
  for (const auto& [hash, count] : new_by_hash)
    if (count == 1) contents.push_back(hash);
  if (contents.empty()) return;
  const std::unordered_map<std::string, std::string> known = state.meetings_with_content(contents);
  std::map<std::string, std::vector<std::string>> gone;  // content hash -> known paths without a file
  for (const auto& [path, recorded] : known) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(root / path, ec)))
      gone[std::string(recorded_content(recorded))].push_back(path);
  }
  for (LoadedMeeting& lm : meetings) {
    auto it = gone.find(lm.hash);
    if (!hashes.count(lm.info.path) && it != gone.end() && it->second.size() == 1) {
      lm.renamed_from = it->second.front();
      lm.llm_was_pending = is_llm_pending(known.at(lm.renamed_from));
    }
  }
}

}  // namespace

MeetingScan scan_meetings(const fs::path& root, const Config& config, const RunOptions& options,
                          StateStore& state) {
  MeetingScan scan;
  FoundFiles found =
      options.only_meeting ? FoundFiles{{*options.only_meeting}, {}, {}} : meeting_paths(root, config);
  const std::vector<std::string>& paths = found.paths;
  // Meetings in a folder the walk could not read are not seen: the folder is
  // reported (exit 1), the meetings it holds wait for a run that sees them.
  scan.walk_failures = std::move(found.failures);
  scan.seen = static_cast<int>(paths.size());
  bool incremental = !options.full && !options.only_meeting;
  // A file whose stat signature (taken by the walk) is the one recorded with
  // its hash is not read, and its hash is not even looked up: a cron run in
  // a vault of thousands of meetings reads the state of the few that changed.
  std::vector<std::string> stats = std::move(found.signatures);
  if (options.only_meeting) stats = {stat_signature(root / *options.only_meeting)};
  std::vector<bool> unchanged(paths.size(), false);
  if (incremental)  // `paths` are sorted
    state.each_meeting_stat([&](std::string_view path, std::string_view stat) {
      auto it = std::lower_bound(paths.begin(), paths.end(), path);
      if (it != paths.end() && *it == path) {
        size_t i = static_cast<size_t>(it - paths.begin());
        unchanged[i] = !stats[i].empty() && stats[i] == stat;
      }
    });
  std::vector<size_t> to_read;
  for (size_t i = 0; i < paths.size(); ++i)
    if (unchanged[i])
      ++scan.skipped;
    else
      to_read.push_back(i);
  std::vector<std::string> read_paths;
  for (size_t i : to_read) read_paths.push_back(paths[i]);
  // Known hashes also tell a revised meeting (to retract what it no longer says).
  const std::unordered_map<std::string, std::string> hashes = state.meeting_hashes(read_paths);
  auto known = [&](const std::string& path) {
    auto it = hashes.find(path);
    return it == hashes.end() ? nullptr : &it->second;
  };
  std::vector<FileResult> results(to_read.size());
  parallel_for(to_read.size(), [&](size_t k) {
    size_t i = to_read[k];
    results[k] = read_meeting_file(root, paths[i], std::move(stats[i]), config, options,
                                   incremental ? known(paths[i]) : nullptr);
  });
  std::vector<LoadedMeeting> loaded;
  for (size_t k = 0; k < to_read.size(); ++k) {
    const std::string& path = paths[to_read[k]];
    FileResult& r = results[k];
    if (r.failure) {
      scan.failed.push_back({path, std::move(*r.failure), "read", ""});
    } else if (r.unchanged || r.before_since || r.settling) {
      ++scan.skipped;
      if (r.settling) scan.settling.push_back(path);
      if (r.restat) scan.restat.emplace_back(path, r.stat);
    } else {
      const std::string* previous = known(path);
      LoadedMeeting& lm = loaded.emplace_back();
      lm.info = std::move(*r.meeting);
      lm.hash = std::move(r.hash);
      lm.stat = std::move(r.stat);
      lm.revised = previous && recorded_content(*previous) != lm.hash;
      lm.llm_was_pending = previous && is_llm_pending(*previous);
      lm.declared = std::move(r.declared);
    }
  }
  find_renames(root, state, hashes, loaded);
  std::vector<size_t> order(loaded.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(loaded[a].info.date, loaded[a].info.path) <
           std::tie(loaded[b].info.date, loaded[b].info.path);
  });
  for (size_t i : order) scan.to_process.push_back(std::move(loaded[i]));
  return scan;
}

std::vector<std::optional<Meeting>> read_again(const fs::path& root, const Config& config,
                                               const std::vector<const LoadedMeeting*>& meetings) {
  std::vector<std::optional<Meeting>> texts(meetings.size());
  parallel_for(meetings.size(), [&](size_t i) {
    const std::string& path = meetings[i]->info.path;
    FileRead file = read_regular_file(root / path, config.max_file_bytes);
    if (file.status != FileRead::ok || content_hash(file.bytes) != meetings[i]->hash) return;
    try {
      texts[i] = parse_meeting(path, file.bytes, config);
    } catch (const std::exception&) {
      // The same bytes parsed in the scan; should they not now, the
      // meeting waits for the next run rather than stopping this one.
    }
  });
  return texts;
}

}  // namespace dossier
