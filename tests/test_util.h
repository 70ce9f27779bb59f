// Helpers shared by the tests: temp folders, file I/O, running the binary.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dossier::testing {

// A fresh folder, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A chain of folders below `parent` whose full path grows past PATH_MAX, made
// and removed relative to open folders: opening the deep ones by their path
// fails with ENAMETOOLONG, whoever runs the test (root reads any folder).
class DeepFolders {
 public:
  explicit DeepFolders(const std::filesystem::path& parent);
  ~DeepFolders();
  DeepFolders(const DeepFolders&) = delete;
  DeepFolders& operator=(const DeepFolders&) = delete;
  // The first folder of the chain that cannot be opened by its path.
  const std::filesystem::path& unreadable() const { return unreadable_; }

 private:
  const std::string kName = std::string(200, 'd');
  std::vector<int> fds_;
  std::filesystem::path unreadable_;
};

// How many times `needle` occurs in `haystack` (overlapping occurrences count).
size_t count_of(const std::string& haystack, const std::string& needle);

// The bytes of a file, read as dossier reads user files (util/files.h);
// throws std::runtime_error "path:1: why" when it cannot be read.
std::string read_text(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, const std::string& bytes);

// Every regular file below `root` (vault-relative path -> bytes), skipping
// the hidden state folder .dossier.
std::map<std::string, std::string> snapshot(const std::filesystem::path& root);

struct Output {
  int exit_code = -1;
  std::string out, err;
  bool hung = false;  // killed by run_dossier_guarded's hang guard
};
// Runs the dossier binary with `args` and extra environment `env` ("K=V"),
// in the folder `cwd` when one is given.
Output run_dossier(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                   const std::filesystem::path& cwd = {});
// How long run_dossier_guarded lets a run go on: far above what any run a
// test makes takes, even under sanitizers on a loaded machine.
inline constexpr int kHangGuardSeconds = 300;
// The same, with a hang guard: a run still going after `guard_s` seconds is
// killed (SIGKILL) and its Output says `hung`. For tests of what must never
// wait forever (a FIFO, an endpoint that never answers); the guard is far
// above any real run's time, so it says nothing about speed.
Output run_dossier_guarded(int guard_s, const std::vector<std::string>& args,
                           const std::vector<std::string>& env = {});

// The date the runs over fixtures/vaults/basic pretend it is: after its last meeting.
inline constexpr char kFixtureToday[] = "DOSSIER_TODAY=2025-12-31";

std::filesystem::path source_dir();  // DOSSIER_SOURCE_DIR
// A vault with empty Meetings/ and Customers/ folders and a dossier.yaml that
// reads Meetings/*.md: the smallest vault a test can run dossier on.
void make_empty_vault(const std::filesystem::path& vault);

// Whether DOSSIER_UPDATE_GOLDEN is set: golden tests then rewrite their
// golden files instead of comparing (review the diff!).
bool updating_golden();

// A golden test's end. `produced` (relative path -> bytes) is what the test
// made. Comparing: each produced file must equal its golden file under
// `golden_dir`, and every golden file must have been produced (one that
// nothing produces is stale and fails the test too). Updating (`update`):
// `golden_dir` is rewritten to hold exactly `produced`, and the result is
// true: the caller then skips (GTEST_SKIP), since nothing was tested.
bool update_or_compare_golden(const std::filesystem::path& golden_dir,
                              const std::map<std::string, std::string>& produced, bool update);

// Runs `statement` on the vault's state store, as someone with the vault's
// files could; a gtest failure (with SQLite's message) when it fails.
void run_state_sql(const std::filesystem::path& vault, const std::string& statement);
// Every row of every table of the vault's state store, as text: equal before
// and after a run that wrote nothing there.
std::string state_rows(const std::filesystem::path& vault);

}  // namespace dossier::testing
