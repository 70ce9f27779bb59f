// NoteLease: who the kernel reports as opening a note for writing while
// dossier swaps it.
#include "vault/note_lease.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/test_util.h"
#include "util/files.h"

namespace fs = std::filesystem;
using namespace dossier;
using namespace dossier::testing;

namespace {

// Opens `path` for appending in a child process, writes `bytes`, and exits.
pid_t append_in_child(const fs::path& path, const std::string& bytes) {
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND);
    bool ok = fd >= 0 && ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    ::_exit(ok ? 0 : 1);
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST(NoteLease, OurOwnReadsDoNotBreakIt) {
  TempDir tmp;
  fs::path note = tmp.path() / "Acme.md";
  write_text(note, "# Acme\n");
  NoteLease lease(note);
  if (!lease.held()) GTEST_SKIP() << "no file leases on this file system";
  EXPECT_EQ(read_file(note), std::string("# Acme\n"));
  EXPECT_FALSE(lease.broken());
  EXPECT_FALSE(lease.busy());
}

// The writer's open() waits for the lease to be released; meanwhile the
// lease shows the break, and once released the write goes through.
TEST(NoteLease, AnotherProcessOpeningForWritingBreaksIt) {
  TempDir tmp;
  fs::path note = tmp.path() / "Acme.md";
  write_text(note, "# Acme\n");
  pid_t writer;
  {
    NoteLease lease(note);
    if (!lease.held()) GTEST_SKIP() << "no file leases on this file system";
    writer = append_in_child(note, "- typed by the user\n");
    bool broken = false;
    for (int i = 0; i < 400 && !broken; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      broken = lease.broken();
    }
    EXPECT_TRUE(broken);
    EXPECT_EQ(read_file(note), std::string("# Acme\n"));  // the writer waits for us
  }
  EXPECT_EQ(wait_for(writer), 0);
  EXPECT_EQ(read_file(note), std::string("# Acme\n- typed by the user\n"));
}

TEST(NoteLease, ANoteHeldOpenForWritingIsBusy) {
  TempDir tmp;
  fs::path note = tmp.path() / "Acme.md";
  write_text(note, "# Acme\n");
  if (!NoteLease(note).held()) GTEST_SKIP() << "no file leases on this file system";
  int fd = ::open(note.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  NoteLease lease(note, std::chrono::milliseconds(20));
  EXPECT_FALSE(lease.held());
  EXPECT_TRUE(lease.busy());
  ::close(fd);
  NoteLease later(note);
  EXPECT_FALSE(later.busy());
}
