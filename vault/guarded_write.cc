#include "vault/guarded_write.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <thread>

#include "util/files.h"
#include "vault/note_lease.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

// Whether `path` holds exactly `bytes`; a file that cannot be read does not.
bool holds(const fs::path& path, std::string_view bytes) {
  Result<std::string> now = read_file(path);
  return now && *now == bytes;
}

// Whether `path` holds `expected`, nullopt meaning no file at all: a folder
// or an unreadable file there is neither.
bool holds_or_absent(const fs::path& path, const std::optional<std::string>& expected) {
  FileRead now = read_regular_file(path, kNoSizeLimit);
  if (now.status == FileRead::missing) return !expected;
  return now.status == FileRead::ok && expected && now.bytes == *expected;
}

// The temp file, unlinked unless release()d.
struct TempFile {
  std::string name;
  bool owned = true;
  ~TempFile() {
    if (owned && !name.empty()) ::unlink(name.c_str());
  }
};

// Creates the temp file next to `path` holding `bytes`, fsynced, with the
// mode, owner and group of `like` (the note it replaces, or its folder).
void write_temp(TempFile& temp, const fs::path& path, std::string_view bytes, mode_t mode,
                const struct stat& like) {
  TempFileBeside created = create_temp_beside(path);
  temp.name = std::move(created.path);
  int fd = created.fd;
  try {
    write_all(fd, bytes, path);
    // Only root may give a file away; anyone may keep their own group.
    if ((::geteuid() == 0 || like.st_uid == ::geteuid()) && ::fchown(fd, like.st_uid, like.st_gid) != 0 &&
        ::geteuid() == 0)
      throw_errno("chown failed", path);
    if (::fchmod(fd, mode) != 0) throw_errno("chmod failed", path);
    if (::fsync(fd) != 0) throw_errno("fsync failed", path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

bool unsupported(int err) { return err == EINVAL || err == ENOSYS || err == EOPNOTSUPP; }

// A new note: appears only if no file of that name appeared meanwhile.
bool create_exclusively(TempFile& temp, const fs::path& path) {
  if (::renameat2(AT_FDCWD, temp.name.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) {
    temp.owned = false;
    return true;
  }
  if (errno == EEXIST) return false;
  if (!unsupported(errno)) throw_errno("rename failed", path);
  if (::link(temp.name.c_str(), path.c_str()) == 0) return true;  // temp is unlinked by its destructor
  if (errno == EEXIST) return false;
  if (read_regular_file(path, kNoSizeLimit).status != FileRead::missing) return false;
  if (::rename(temp.name.c_str(), path.c_str()) != 0) throw_errno("rename failed", path);
  temp.owned = false;
  return true;
}

// Moves a copy that holds the user's bytes out of the temp-file pattern, so
// that the next run's sweep (remove_stale_temp_files) does not delete it.
// Returns the name it is kept under.
std::string keep_for_user(TempFile& temp, const fs::path& path) {
  temp.owned = false;
  std::string kept =
      (path.parent_path() / ("." + path.filename().string() + ".dossier-conflict-" +
                             std::to_string(::getpid()) + "-" + std::to_string(::time(nullptr))))
          .string();
  return ::rename(temp.name.c_str(), kept.c_str()) == 0 ? kept : temp.name;
}

// An existing note: swapped with the temp file if it still holds `expected`.
// `lease` is held on the note being replaced (when leases are available).
bool swap_if_unchanged(TempFile& temp, const fs::path& path, const std::string& expected,
                       std::string_view bytes, const NoteLease& lease) {
  if (::renameat2(AT_FDCWD, temp.name.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) != 0) {
    if (!unsupported(errno)) throw_errno("rename failed", path);
    if (!holds(path, expected)) return false;  // fallback: the window is this one read
    if (::rename(temp.name.c_str(), path.c_str()) != 0) throw_errno("rename failed", path);
    temp.owned = false;
    return true;
  }
  // The temp name now holds the note as it was at the instant of the swap.
  // A writer that opened the note before the swap shows as a broken lease:
  // its bytes are still to come, into the note it opened.
  if (holds(temp.name, expected) && !lease.broken())
    return true;  // the old note is unlinked by temp's destructor
  // The user saved in that instant: put their note back, retry.
  if (::renameat2(AT_FDCWD, temp.name.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) != 0) {
    int error = errno;
    std::string kept = keep_for_user(temp, path);
    errno = error;
    throw_errno("cannot put the user's note back (it is kept as " + kept + ")", path);
  }
  if (!holds(temp.name, bytes)) {
    // Someone also edited dossier's version during the few microseconds it
    // was visible: keep that copy for the user rather than delete it.
    throw std::runtime_error(path.string() +
                             ": edited twice while dossier wrote it; the other version is kept as " +
                             keep_for_user(temp, path));
  }
  return false;
}

}  // namespace

bool replace_if_unchanged(const fs::path& path, const std::optional<std::string>& expected,
                          std::string_view bytes) {
  struct stat st {};
  mode_t mode = 0644;
  bool exists = ::lstat(path.c_str(), &st) == 0;
  if (exists && S_ISLNK(st.st_mode))
    throw std::runtime_error(path.string() + ": is a symlink; not writing through it");
  // Not a change the user is making: retrying would not help.
  if (exists && S_ISDIR(st.st_mode))
    throw std::runtime_error(path.string() + ": is a directory; not writing over it");
  if (exists) mode = st.st_mode & 07777;
  if (exists != expected.has_value()) return false;
  if (exists) {
    if (std::optional<Failure> refusal = write_refusal(path))
      throw std::runtime_error(refusal->path + ": " + refusal->message);
  } else if (::stat(path.parent_path().c_str(), &st) != 0) {
    throw_errno("cannot stat the folder", path);
  }
  TempFile temp;
  write_temp(temp, path, bytes, mode, st);
  // The slow part is done; from here on the window is as short as it gets.
  std::optional<NoteLease> lease;
  if (expected) lease.emplace(path);
  if ((lease && lease->busy()) || !holds_or_absent(path, expected)) return false;
  bool replaced =
      expected ? swap_if_unchanged(temp, path, *expected, bytes, *lease) : create_exclusively(temp, path);
  if (replaced) fsync_dir(path.parent_path());
  return replaced;
}

FileRead read_settled(const fs::path& path, size_t max_bytes, std::optional<unsigned long long> last_written,
                      std::chrono::milliseconds settle) {
  auto now_ns = [] {
    struct timespec ts {};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
  };
  long long settle_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(settle).count();
  FileRead r = read_regular_file(path, max_bytes);
  for (int round = 0; round < 20 && r.status == FileRead::ok; ++round) {
    bool recent = now_ns() - r.mtime_ns < settle_ns;
    bool half_written = r.bytes.empty() || r.bytes.back() != '\n' || (last_written && r.size < *last_written);
    if (!r.changed_while_reading && !(recent && half_written)) return r;
    std::this_thread::sleep_for(settle);
    FileRead again = read_regular_file(path, max_bytes);
    if (again.status == FileRead::ok && !again.changed_while_reading && again.mtime_ns == r.mtime_ns &&
        again.bytes == r.bytes)
      return again;
    r = std::move(again);
  }
  return r;
}

std::optional<Failure> write_refusal(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
  // access() says yes to root whatever the mode: the mode is the user's wish.
  if ((st.st_mode & 0222) == 0 || ::access(path.c_str(), W_OK) != 0)
    return Failure(path.string(), 1,
                   "is read-only; dossier leaves it alone (make it writable to let dossier update it)");
  return std::nullopt;
}

bool remove_if_unchanged(const fs::path& path, const std::string& expected) {
  TempFileBeside created = create_temp_beside(path);
  ::close(created.fd);
  std::string aside = std::move(created.path);
  NoteLease lease(path);
  if (lease.busy()) {
    ::unlink(aside.c_str());
    return false;
  }
  // The note takes the temp file's name; the temp file takes the note's.
  if (::renameat2(AT_FDCWD, path.c_str(), AT_FDCWD, aside.c_str(), RENAME_EXCHANGE) != 0) {
    int error = errno;
    ::unlink(aside.c_str());
    errno = error;
    if (error == ENOENT) return false;
    throw_errno("rename failed", path);
  }
  // `path` now holds the empty temp file, `aside` the note as it was.
  if (holds(aside, expected) && !lease.broken()) {
    ::unlink(aside.c_str());
    if (holds(path, std::string_view())) ::unlink(path.c_str());
    fsync_dir(path.parent_path());
    return true;
  }
  if (::renameat2(AT_FDCWD, aside.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) != 0)
    throw_errno("rename failed", path);
  ::unlink(aside.c_str());
  return false;
}

void remove_stale_temp_files(const fs::path& folder) {
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (is_temp_file_name(it->path().filename().string()) && it->is_regular_file(ec))
      fs::remove(it->path(), ec);
  }
}

}  // namespace dossier
