// One run per vault: an advisory lock on <vault>/.dossier/lock. The kernel
// drops it when the process dies, so a killed run never leaves a stale lock.
#pragma once
#include <filesystem>
#include <optional>

namespace dossier {

// Creates <vault>/.dossier if needed. Throws std::runtime_error when it is a
// symlink (a shared vault could point it at another program's files) or not
// a folder: dossier's lock and state are written only inside the vault.
void prepare_state_dir(const std::filesystem::path& state_dir);

class VaultLock {
 public:
  // nullopt when another process holds the lock and `wait` is false.
  // Throws std::runtime_error when the lock file cannot be opened.
  static std::optional<VaultLock> acquire(const std::filesystem::path& state_dir, bool wait);
  VaultLock(VaultLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  VaultLock& operator=(VaultLock&&) = delete;
  VaultLock(const VaultLock&) = delete;
  ~VaultLock();

 private:
  explicit VaultLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace dossier
