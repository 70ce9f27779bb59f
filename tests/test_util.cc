#include "tests/test_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <stdexcept>
#include <string_view>

#include "util/files.h"

extern char** environ;

namespace fs = std::filesystem;

namespace dossier::testing {

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  const char* base = std::getenv("DOSSIER_TEST_TMP");
  fs::path root = base && *base ? fs::path(base) : fs::temp_directory_path();
  path_ = root / ("dossier-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string slurp(const fs::path& path) {
  Result<std::string> bytes = read_file(path);
  if (!bytes) throw std::runtime_error(bytes.failure().text());
  return std::move(*bytes);
}

void spit(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    if (it->path().filename() == ".dossier") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files[fs::relative(it->path(), root).generic_string()] = slurp(it->path());
  }
  return files;
}

fs::path source_dir() { return DOSSIER_SOURCE_DIR; }

void make_empty_vault(const fs::path& vault) {
  fs::create_directories(vault / "Meetings");
  fs::create_directories(vault / "Customers");
  spit(vault / "dossier.yaml", "meetings:\n  - \"Meetings/*.md\"\ncustomers: Customers\n");
}

void run_state_sql(const fs::path& vault, const std::string& statement) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((vault / ".dossier" / "state.db").c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
  std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

Output run_dossier(const std::vector<std::string>& args, const std::vector<std::string>& env, const fs::path& cwd) {
  TempDir io;
  fs::path out_path = io.path() / "out", err_path = io.path() / "err";
  std::vector<std::string> argv_s{DOSSIER_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  // `env` wins over the inherited environment (getenv returns the first match).
  auto key = [](std::string_view kv) { return kv.substr(0, kv.find('=') + 1); };
  std::vector<std::string> env_s(env.begin(), env.end());
  // A test writes a meeting and runs at once: no settling unless it asks.
  if (std::none_of(env.begin(), env.end(), [](const std::string& kv) { return kv.starts_with("DOSSIER_SETTLE_S="); }))
    env_s.push_back("DOSSIER_SETTLE_S=0");
  for (char** e = environ; *e; ++e) {
    bool overridden = false;
    for (const std::string& kv : env) overridden = overridden || key(kv) == key(*e);
    if (!overridden) env_s.emplace_back(*e);
  }
  std::vector<char*> envp;
  for (std::string& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv_s[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  Output o;
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  o.out = slurp(out_path);
  o.err = slurp(err_path);
  return o;
}

size_t count_of(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace dossier::testing
