#include "tests/test_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
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

DeepFolders::DeepFolders(const std::filesystem::path& parent) {
  fds_.push_back(::open(parent.c_str(), O_RDONLY | O_DIRECTORY));
  std::filesystem::path at = parent;
  while (at.string().size() <= PATH_MAX) {
    EXPECT_EQ(::mkdirat(fds_.back(), kName.c_str(), 0755), 0);
    fds_.push_back(::openat(fds_.back(), kName.c_str(), O_RDONLY | O_DIRECTORY));
    at /= kName;
    if (unreadable_.empty() && at.string().size() >= PATH_MAX) unreadable_ = at;
  }
}

DeepFolders::~DeepFolders() {
  for (size_t i = fds_.size() - 1; i > 0; --i) {
    ::close(fds_[i]);
    ::unlinkat(fds_[i - 1], kName.c_str(), AT_REMOVEDIR);
  }
  ::close(fds_[0]);
}

std::string read_text(const fs::path& path) {
  Result<std::string> bytes = read_file(path);
  if (!bytes) throw std::runtime_error(bytes.failure().text());
  return std::move(*bytes);
}

void write_text(const fs::path& path, const std::string& bytes) {
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
    if (it->is_regular_file()) files[fs::relative(it->path(), root).generic_string()] = read_text(it->path());
  }
  return files;
}

fs::path source_dir() { return DOSSIER_SOURCE_DIR; }

void make_empty_vault(const fs::path& vault) {
  fs::create_directories(vault / "Meetings");
  fs::create_directories(vault / "Customers");
  write_text(vault / "dossier.yaml", "meetings:\n  - \"Meetings/*.md\"\ncustomers: Customers\n");
}

bool updating_golden() { return std::getenv("DOSSIER_UPDATE_GOLDEN") != nullptr; }

bool update_or_compare_golden(const fs::path& golden_dir, const std::map<std::string, std::string>& produced,
                              bool update) {
  if (update) {
    fs::remove_all(golden_dir);
    for (const auto& [rel, bytes] : produced) write_text(golden_dir / rel, bytes);
    return true;
  }
  std::map<std::string, std::string> golden =
      fs::is_directory(golden_dir) ? snapshot(golden_dir) : std::map<std::string, std::string>{};
  for (const auto& [rel, bytes] : produced) {
    auto it = golden.find(rel);
    if (it == golden.end())
      ADD_FAILURE() << "no golden file " << (golden_dir / rel).string();
    else
      EXPECT_EQ(bytes, it->second) << "differs from its golden file " << (golden_dir / rel).string();
  }
  for (const auto& [rel, bytes] : golden)
    if (!produced.count(rel))
      ADD_FAILURE() << "golden file " << (golden_dir / rel).string() << " matches nothing produced";
  return false;
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

std::string state_rows(const fs::path& vault) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2((vault / ".dossier" / "state.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(db);
    return "cannot open the state store";
  }
  std::vector<std::string> tables;
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &s,
                     nullptr);
  while (sqlite3_step(s) == SQLITE_ROW)
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  for (const std::string& table : tables) {
    out += "== " + table + "\n";
    sqlite3_prepare_v2(db, ("SELECT * FROM \"" + table + "\"").c_str(), -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        const void* bytes = sqlite3_column_blob(s, c);
        out += bytes ? std::string(static_cast<const char*>(bytes), sqlite3_column_bytes(s, c)) : "NULL";
        out += '\x1f';
      }
      out += '\n';
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return out;
}

namespace {

// Waits for `pid` to end; when `guard_s` > 0 and it is still running after
// that many seconds, kills it first. Returns whether it was killed.
bool wait_with_guard(pid_t pid, int guard_s, int& status) {
  bool killed = false;
  if (int fd = guard_s > 0 ? static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)) : -1; fd >= 0) {
    pollfd ended{fd, POLLIN, 0};
    int rc;
    do rc = ::poll(&ended, 1, guard_s * 1000);
    while (rc < 0 && errno == EINTR);
    if (rc == 0) killed = ::kill(pid, SIGKILL) == 0;
    ::close(fd);
  }
  ::waitpid(pid, &status, 0);
  return killed;
}

Output spawn_dossier(const std::vector<std::string>& args, const std::vector<std::string>& env,
                     const fs::path& cwd, int guard_s) {
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
  if (std::none_of(env.begin(), env.end(),
                   [](const std::string& kv) { return kv.starts_with("DOSSIER_SETTLE_S="); }))
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
  Output o;
  o.hung = wait_with_guard(pid, guard_s, status);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  o.out = read_text(out_path);
  o.err = read_text(err_path);
  return o;
}

}  // namespace

size_t count_of(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

Output run_dossier(const std::vector<std::string>& args, const std::vector<std::string>& env,
                   const fs::path& cwd) {
  return spawn_dossier(args, env, cwd, 0);
}

Output run_dossier_guarded(int guard_s, const std::vector<std::string>& args,
                           const std::vector<std::string>& env) {
  return spawn_dossier(args, env, {}, guard_s);
}

}  // namespace dossier::testing
