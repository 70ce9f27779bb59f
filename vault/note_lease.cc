#include "vault/note_lease.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <thread>

namespace dossier {
namespace {

// A lease break is announced by SIGIO, whose default action ends the
// process. dossier polls for breaks (NoteLease::broken) instead, so the
// signal is ignored, once per process, unless someone already handles it.
void ignore_lease_signal() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current {};
    if (::sigaction(SIGIO, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
      struct sigaction ignore {};
      ignore.sa_handler = SIG_IGN;
      ::sigemptyset(&ignore.sa_mask);
      ::sigaction(SIGIO, &ignore, nullptr);
    }
  });
}

}  // namespace

NoteLease::NoteLease(const std::filesystem::path& path, std::chrono::milliseconds wait) {
  ignore_lease_signal();
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return;
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (::fcntl(fd, F_SETLEASE, F_RDLCK) != 0) {
    // EAGAIN: the note is open for writing elsewhere (an editor saving right
    // now); anything else: no leases here.
    if (errno != EAGAIN || std::chrono::steady_clock::now() >= deadline) {
      busy_ = errno == EAGAIN;
      ::close(fd);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  fd_ = fd;
}

NoteLease::~NoteLease() {
  if (fd_ < 0) return;
  // Releasing lets a waiting open() go on.
  ::fcntl(fd_, F_SETLEASE, F_UNLCK);
  ::close(fd_);
}

bool NoteLease::broken() const { return fd_ >= 0 && ::fcntl(fd_, F_GETLEASE) != F_RDLCK; }

}  // namespace dossier
