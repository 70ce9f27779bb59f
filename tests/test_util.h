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

// How many times `needle` occurs in `haystack` (overlapping occurrences count).
size_t count_of(const std::string& haystack, const std::string& needle);

// The bytes of a file, read as dossier reads user files (util/files.h);
// throws std::runtime_error "path:1: why" when it cannot be read.
std::string slurp(const std::filesystem::path& path);
void spit(const std::filesystem::path& path, const std::string& bytes);

// Every regular file below `root` (vault-relative path -> bytes), skipping
// the hidden state folder .dossier.
std::map<std::string, std::string> snapshot(const std::filesystem::path& root);

struct Output {
  int exit_code = -1;
  std::string out, err;
};
// Runs the dossier binary with `args` and extra environment `env` ("K=V"),
// in the folder `cwd` when one is given.
Output run_dossier(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                   const std::filesystem::path& cwd = {});

// The date the runs over fixtures/vaults/basic pretend it is: after its last meeting.
inline constexpr char kFixtureToday[] = "DOSSIER_TODAY=2025-12-31";

std::filesystem::path source_dir();  // DOSSIER_SOURCE_DIR
// A vault with empty Meetings/ and Customers/ folders and a dossier.yaml that
// reads Meetings/*.md: the smallest vault a test can run dossier on.
void make_empty_vault(const std::filesystem::path& vault);

// Runs `statement` on the vault's state store, as someone with the vault's
// files could; a gtest failure (with SQLite's message) when it fails.
void run_state_sql(const std::filesystem::path& vault, const std::string& statement);

}  // namespace dossier::testing
