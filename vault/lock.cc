#include "vault/lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace dossier {

std::optional<VaultLock> VaultLock::acquire(const std::filesystem::path& state_dir, bool wait) {
  std::filesystem::create_directories(state_dir);
  std::filesystem::path path = state_dir / "lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) throw std::runtime_error(path.string() + ": cannot open lock file: " + std::strerror(errno));
  int rc;
  do {
    rc = ::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    int error = errno;  // close() may change errno
    ::close(fd);
    if (error == EWOULDBLOCK) return std::nullopt;
    throw std::runtime_error(path.string() + ": cannot lock: " + std::strerror(error));
  }
  return VaultLock(fd);
}

VaultLock::~VaultLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace dossier
