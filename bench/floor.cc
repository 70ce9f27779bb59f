// The floor of a full run: the work no implementation of `dossier run` can
// skip, done as plainly as C++ allows, in one process.
//
//   1. read every meeting the vault's globs name;
//   2. scan each once with the compiled rule set (markers, cues and hedges of
//      templates/rules/default.yaml plus the vault's rule files) as one
//      RE2::Set, the fastest way RE2 knows to ask "which rules match here";
//   3. write each customer note a full run changes (its new bytes taken from a
//      vault that dossier already ran on): temp file, write, fsync, rename,
//      then one fsync per folder.
//
// Usage: bench_floor VAULT [RESULT]
//   VAULT   a fresh copy of the vault before the run (step 3 writes into it)
//   RESULT  the same vault after `dossier run`; without it, step 3 is skipped
//           (a scan-only floor, which is also RE2's scan speed over the bytes)
// Prints one line of counts and MB/s; bench/run times the whole process.
#include <fcntl.h>
#include <re2/re2.h>
#include <re2/set.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "extractors/rules.h"
#include "util/files.h"
#include "vault/config.h"
#include "vault/vault.h"
#include "vault/vault_files.h"

namespace fs = std::filesystem;
using namespace dossier;

namespace {

// Every pattern of the rule set in one unanchored set: one pass per text.
std::unique_ptr<RE2::Set> compile_set(const RuleSet& rules) {
  RE2::Options options;
  options.set_max_mem(64 << 20);
  auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (const auto* list : {&rules.markers, &rules.cues, &rules.hedges}) {
    for (const PatternRule& rule : *list) {
      std::string error;
      if (set->Add(rule.pattern, &error) < 0) {
        std::fprintf(stderr, "%s:%d: %s\n", rule.file.c_str(), rule.line, error.c_str());
        std::exit(2);
      }
    }
  }
  if (!set->Compile()) {
    std::fprintf(stderr, "bench_floor: the rule set does not compile as one RE2::Set\n");
    std::exit(2);
  }
  return set;
}

struct ScanCounts {
  size_t files = 0, bytes = 0, matches = 0;
};

ScanCounts scan_meetings(const fs::path& vault, const Config& config, const RE2::Set& set) {
  ScanCounts counts;
  std::vector<int> hits;
  for (const std::string& relative : meeting_paths(vault, config).paths) {
    Result<std::string> text = read_file(vault / relative);
    if (!text) continue;
    ++counts.files;
    counts.bytes += text->size();
    // Line by line, as the extractors see their text (markers anchor at a line).
    size_t start = 0;
    while (start <= text->size()) {
      size_t end = text->find('\n', start);
      if (end == std::string::npos) end = text->size();
      hits.clear();
      if (set.Match(std::string_view(*text).substr(start, end - start), &hits)) counts.matches += hits.size();
      start = end + 1;
    }
  }
  return counts;
}

// Writes each customer note whose bytes differ between `vault` and `result`
// the way any crash-safe writer must, and fsyncs each folder once.
size_t write_changed_notes(const fs::path& vault, const fs::path& result, const Config& config) {
  size_t written = 0;
  std::set<fs::path> folders;
  const fs::path after_root = result / config.customers_folder;
  if (!fs::is_directory(after_root)) return 0;
  for (const auto& entry : fs::recursive_directory_iterator(after_root)) {
    if (!entry.is_regular_file()) continue;
    const fs::path relative = fs::relative(entry.path(), result);
    Result<std::string> after = read_file(entry.path());
    Result<std::string> before = read_file(vault / relative);
    if (!after || (before && *before == *after)) continue;
    const fs::path target = vault / relative;
    const fs::path temp = target.parent_path() / ("." + target.filename().string() + ".floor-tmp");
    fs::create_directories(target.parent_path());
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
      std::perror(temp.c_str());
      std::exit(1);
    }
    write_all(fd, *after, temp);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
      std::perror(temp.c_str());
      std::exit(1);
    }
    fs::rename(temp, target);
    folders.insert(target.parent_path());
    ++written;
  }
  for (const fs::path& folder : folders) fsync_dir(folder);
  return written;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: bench_floor VAULT [RESULT]\n");
    return 2;
  }
  const fs::path vault = argv[1];
  const auto t0 = std::chrono::steady_clock::now();
  const Config config = load_config((vault / "dossier.yaml").string(), false);
  const RuleSet rules = load_rules(config, vault);
  const auto set = compile_set(rules);
  const auto t1 = std::chrono::steady_clock::now();
  const ScanCounts scan = scan_meetings(vault, config, *set);
  const auto t2 = std::chrono::steady_clock::now();
  const size_t written = argc == 3 ? write_changed_notes(vault, argv[2], config) : 0;
  const auto t3 = std::chrono::steady_clock::now();
  auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  const double scan_s = seconds(t1, t2);
  std::printf(
      "meetings %zu, %.2f MB, %zu rule matches; compile %.3f s, read+scan %.3f s (%.1f MB/s), "
      "%zu notes written in %.3f s\n",
      scan.files, scan.bytes / 1e6, scan.matches, seconds(t0, t1), scan_s,
      scan_s > 0 ? scan.bytes / 1e6 / scan_s : 0.0, written, seconds(t2, t3));
  return 0;
}
