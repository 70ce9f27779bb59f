// `dossier demo [DIR]`: the example vault built into the binary
// (templates/demo/), written out and run, so a first look needs no vault of
// one's own.
#include <stdlib.h>

#include <iostream>
#include <map>
#include <set>

#include "cli/commands.h"
#include "extractors/rules_extractor.h"
#include "pipeline/runner.h"
#include "pipeline/state.h"
#include "util/files.h"
#include "util/text.h"
#include "vault/lock.h"
#include "vault/note.h"
#include "vault/templates.h"
#include "vault/vault.h"
#include "vault/vault_files.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

constexpr std::string_view kDemoPrefix = "demo/";

std::string count(size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string shell_quoted(const fs::path& p) {
  std::string s = p.string();
  return s.find_first_of(" '\"&$") == std::string::npos ? s : "'" + s + "'";
}

fs::path new_temp_folder() {
  std::string pattern = (fs::temp_directory_path() / "dossier-demo-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder " + pattern);
  return pattern;
}

// True when `dir` holds an example vault written before (its dossier.yaml
// untouched): the demo then only runs again. Any other non-empty folder is
// refused, so that the demo never mixes its files into a real vault.
bool is_earlier_demo(const fs::path& dir) {
  Result<std::string> config = read_file(dir / "dossier.yaml");
  return config && *config == builtin_template(std::string(kDemoPrefix) + "dossier.yaml").value_or("");
}

int write_demo_vault(const fs::path& dir) {
  int meetings = 0;
  for (std::string_view name : builtin_template_names(kDemoPrefix)) {
    fs::path target = dir / fs::path(std::string(name.substr(kDemoPrefix.size())));
    fs::create_directories(target.parent_path());
    write_file_atomic(target, *builtin_template(name));
    if (name.find("/Meetings/") != std::string_view::npos) ++meetings;
  }
  return meetings;
}

struct SectionLines {
  std::string title;
  std::vector<std::string> lines;  // list lines ("- ..."), trimmed
};

// The list lines of the sections dossier owns, in note order.
std::vector<SectionLines> owned_lines(const std::string& path, const std::string& bytes,
                                      const Config& config) {
  std::set<std::string> owned;
  for (const auto& [kind, title] : config.sections) owned.insert(title);
  std::vector<SectionLines> out;
  if (bytes.empty()) return out;
  for (const Section& s : parse_note(path, bytes).sections) {
    if (!owned.count(s.title)) continue;
    out.push_back({s.title, {}});
    for (std::string_view line : split_lines(s.raw)) {
      std::string_view text = trim(strip_eol(line));
      if (text.starts_with("- ")) out.back().lines.emplace_back(text);
    }
  }
  return out;
}

// Per owned section of one note: how many list lines are new (or changed),
// with the first of them, shortened, as an example.
void print_note_changes(const fs::path& root, const std::string& note, const std::string& before,
                        const Config& config, bool created) {
  Result<std::string> after = read_file(root / note);
  if (!after) return;
  std::map<std::string, std::multiset<std::string>> was;
  for (SectionLines& s : owned_lines(note, before, config))
    was[s.title].insert(s.lines.begin(), s.lines.end());
  std::cout << "\n" << note << (created ? " (created)" : " (updated)") << "\n";
  for (const SectionLines& s : owned_lines(note, *after, config)) {
    std::multiset<std::string>& old = was[s.title];
    int added = 0;
    std::string first;
    for (const std::string& line : s.lines) {
      if (auto it = old.find(line); it != old.end()) {
        old.erase(it);
        continue;
      }
      if (!added++) first = line.substr(line.starts_with("- [ ] ") ? 6 : 2);
    }
    if (added)
      std::cout << "  " << s.title << std::string(s.title.size() < 18 ? 18 - s.title.size() : 1, ' ') << "+"
                << added << "  " << shorten(first, 60) << "\n";
  }
}

}  // namespace

int command_demo(const CommandLine& cl) {
  fs::path root = cl.dir.empty() ? new_temp_folder() : fs::path(cl.dir);
  std::error_code ec;
  bool again = false;
  if (fs::exists(root, ec) && !fs::is_directory(root, ec)) throw UsageError("not a folder: " + root.string());
  if (fs::exists(root, ec) && !fs::is_empty(root, ec)) {
    again = is_earlier_demo(root);
    if (!again)
      throw UsageError(root.string() + " is not empty; give a new or empty folder for the example vault");
  }
  int meetings = again ? 0 : write_demo_vault(root);

  Config config = load_config((root / "dossier.yaml").string(), true);
  std::map<std::string, std::string> before;  // customer note -> bytes before the run
  for (const std::string& path : match_globs(root, {config.customers_folder + "/**/*.md"}).paths)
    before[path] = read_file(root / path).value_or("");

  std::optional<VaultLock> lock = VaultLock::acquire(root / ".dossier", cl.wait);
  if (!lock) {
    std::cerr << "dossier: " << root.string() << " is locked by another dossier run; try again later\n";
    return kExitLocked;
  }
  StateStore state(root / ".dossier");
  RunOptions options;
  options.today = today();
  RunReport report = run_pipeline(root, config, options, state);
  for (const FailedNote& f : report.notes_failed) std::cerr << f.failure.text() << "\n";
  for (const FailedMeeting& f : report.meetings_failed) std::cerr << f.failure.text() << "\n";

  if (again)
    std::cout << root.string() << " already holds the example vault; ran dossier on it again: ";
  else
    std::cout << "Wrote an example vault (" << meetings << " meetings) to " << root.string()
              << "\nand ran dossier on it: ";
  std::cout << count(report.meetings_processed, "meeting note") << " processed (" << report.meetings_skipped
            << " unchanged), " << count(report.notes_created.size(), "customer note") << " created, "
            << report.notes_updated.size() << " updated, " << count(report.items_added, "item")
            << " added.\n";
  for (const std::string& note : report.notes_created) print_note_changes(root, note, "", config, true);
  for (const std::string& note : report.notes_updated)
    print_note_changes(root, note, before[note], config, false);
  if (report.notes_created.empty() && report.notes_updated.empty())
    std::cout << "No customer note changed.\n";

  std::string vault = shell_quoted(root);
  std::cout << "\nBrowse it: open " << vault << " in Obsidian (\"Open folder as vault\"), or read " << vault
            << "/" << config.customers_folder << "/.\n"
            << "Score the extraction against its gold file: dossier eval " << vault << "/gold.yaml --vault "
            << vault << "\n"
            << "Add or edit a meeting note, then: dossier run --vault " << vault << "\n";
  return report.meetings_failed.empty() && report.notes_failed.empty() ? kExitOk : kExitSomeFailed;
}

}  // namespace dossier
