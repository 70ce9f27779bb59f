// A read lease on a note (Linux fcntl F_SETLEASE), held while dossier swaps
// the note for its new version. The kernel grants it only while no other
// process has the note open for writing, and while it is held, another
// process's open() of the note for writing first waits for dossier and
// shows here as a pending break. (dossier's own reads do not break it.)
//
// Why: the swap (guarded_write.h) compares the displaced note after the
// rename, but a program that opened the note just before the rename and
// writes just after that comparison would write into the displaced copy,
// which is then deleted. With the lease such a writer is seen, and the swap
// is undone before its open() completes, so its bytes land in the note.
//
// Where leases are not available (a note owned by another user, file
// systems without them) the lease is not held and the swap works as without
// it. A note some program keeps open for writing longer than a short wait
// is `busy`: its bytes may still change under any swap, so it is not
// replaced now.
#pragma once
#include <chrono>
#include <filesystem>

namespace dossier {

class NoteLease {
 public:
  // Tries to take the lease on the file now at `path`, waiting up to `wait`
  // for other processes to close it for writing.
  explicit NoteLease(const std::filesystem::path& path,
                     std::chrono::milliseconds wait = std::chrono::milliseconds(200));
  NoteLease(const NoteLease&) = delete;
  NoteLease& operator=(const NoteLease&) = delete;
  ~NoteLease();

  // Another process had the note open for writing the whole wait.
  bool busy() const { return busy_; }
  // Another process began opening the leased file for writing since the
  // lease was taken.
  bool broken() const;

  // For tests:
  bool held() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
  bool busy_ = false;
};

}  // namespace dossier
