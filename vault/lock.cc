#include "vault/lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace dossier {

void prepare_state_dir(const std::filesystem::path& state_dir) {
  struct stat st {};
  if (::lstat(state_dir.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode))
      throw std::runtime_error(
          state_dir.string() +
          ": is a symlink; dossier keeps its state only inside the vault: remove the link");
    if (!S_ISDIR(st.st_mode)) throw std::runtime_error(state_dir.string() + ": is not a folder");
    return;
  }
  std::filesystem::create_directories(state_dir);
}

std::optional<VaultLock> VaultLock::acquire(const std::filesystem::path& state_dir, bool wait) {
  prepare_state_dir(state_dir);
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
