// The vault lock, seen from a second process (flock locks belong to an open
// file description, so only another process shows the real contention).
#include "vault/lock.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "tests/test_util.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

using dossier::testing::TempDir;

// Exit codes of the child: what it saw when it tried the lock.
constexpr int kChildLocked = 10, kChildGotIt = 11, kChildThrew = 12;

// Runs acquire(state_dir, wait) in a forked child; returns what it saw.
int try_lock_in_child(const fs::path& state_dir, bool wait) {
  pid_t pid = ::fork();
  if (pid == 0) {
    int code = kChildThrew;
    try {
      code = VaultLock::acquire(state_dir, wait) ? kChildGotIt : kChildLocked;
    } catch (...) {
    }
    ::_exit(code);  // no gtest teardown, no atexit handlers in the child
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Whether the kernel lists a process or thread blocked waiting for a lock on
// the file with inode `inode` (/proc/locks marks such waiters "->").
bool someone_waits_for(ino_t inode) {
  std::ifstream locks("/proc/locks");
  const std::string device_and_inode_end = ":" + std::to_string(inode) + " ";
  for (std::string line; std::getline(locks, line);)
    if (line.find("->") != std::string::npos && line.find(device_and_inode_end) != std::string::npos)
      return true;
  return false;
}

TEST(VaultLockTest, SecondProcessIsRefusedWhileHeld) {
  TempDir tmp;
  fs::path state = tmp.path() / ".dossier";
  std::optional<VaultLock> lock = VaultLock::acquire(state, false);
  ASSERT_TRUE(lock.has_value());
  EXPECT_TRUE(fs::exists(state / "lock"));
  EXPECT_EQ(try_lock_in_child(state, false), kChildLocked);
}

TEST(VaultLockTest, ReleasedWhenDestroyed) {
  TempDir tmp;
  fs::path state = tmp.path() / ".dossier";
  {
    std::optional<VaultLock> lock = VaultLock::acquire(state, false);
    ASSERT_TRUE(lock.has_value());
    EXPECT_EQ(try_lock_in_child(state, false), kChildLocked);
  }
  EXPECT_EQ(try_lock_in_child(state, false), kChildGotIt);
  // And this process can take it again.
  EXPECT_TRUE(VaultLock::acquire(state, false).has_value());
}

TEST(VaultLockTest, MovedLockStaysHeldUntilTheLastOwnerDies) {
  TempDir tmp;
  fs::path state = tmp.path() / ".dossier";
  std::optional<VaultLock> first = VaultLock::acquire(state, false);
  ASSERT_TRUE(first.has_value());
  {
    VaultLock moved(std::move(*first));
    first.reset();  // the moved-from lock must not release it
    EXPECT_EQ(try_lock_in_child(state, false), kChildLocked);
  }
  EXPECT_EQ(try_lock_in_child(state, false), kChildGotIt);
}

TEST(VaultLockTest, WaitingAcquireGetsItOnceReleased) {
  if (!std::ifstream("/proc/locks")) GTEST_SKIP() << "no /proc/locks to see the waiter block";
  TempDir tmp;
  fs::path state = tmp.path() / ".dossier";
  int ready[2], release[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(release), 0);
  pid_t holder = ::fork();
  if (holder == 0) {
    // Holds the lock until told to let go, then exits (which releases it).
    std::optional<VaultLock> lock = VaultLock::acquire(state, false);
    char c = lock ? 'y' : 'n';
    if (::write(ready[1], &c, 1) != 1) ::_exit(1);
    if (::read(release[0], &c, 1) != 1) ::_exit(1);
    ::_exit(0);
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  EXPECT_FALSE(VaultLock::acquire(state, false).has_value());
  // The waiter must get the lock, and only after the holder let it go: an
  // order, checked with a flag, not a duration.
  std::atomic<bool> released{false};
  bool got = false, got_after_release = false;
  std::thread waiter([&] {
    std::optional<VaultLock> lock = VaultLock::acquire(state, true);
    got = lock.has_value();
    got_after_release = released.load();
  });
  // The holder lets go only once the kernel shows the waiter blocked on the
  // lock. The deadline is a hang guard, not a duration the test relies on.
  struct stat lock_file {};
  EXPECT_EQ(::stat((state / "lock").c_str(), &lock_file), 0);
  bool blocked = false;
  for (auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
       !blocked && std::chrono::steady_clock::now() < give_up; std::this_thread::yield())
    blocked = someone_waits_for(lock_file.st_ino);
  EXPECT_TRUE(blocked) << "the waiting acquire never blocked";
  released = true;
  ASSERT_EQ(::write(release[1], "x", 1), 1);
  waiter.join();
  EXPECT_TRUE(got);
  EXPECT_TRUE(got_after_release);
  int status = 0;
  ::waitpid(holder, &status, 0);
  for (int fd : {ready[0], ready[1], release[0], release[1]}) ::close(fd);
}

TEST(VaultLockTest, CreatesTheStateFolder) {
  TempDir tmp;
  fs::path state = tmp.path() / "deep/er/.dossier";
  EXPECT_TRUE(VaultLock::acquire(state, false).has_value());
  EXPECT_TRUE(fs::is_directory(state));
}

TEST(VaultLockTest, RefusesASymlinkedLockFile) {
  TempDir tmp;
  fs::path state = tmp.path() / ".dossier";
  fs::create_directories(state);
  dossier::testing::write_text(tmp.path() / "target", "x");
  fs::create_symlink(tmp.path() / "target", state / "lock");
  EXPECT_THROW(VaultLock::acquire(state, false), std::runtime_error);
}

}  // namespace
}  // namespace dossier
