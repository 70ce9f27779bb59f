// File I/O with the guarantees user data needs.
#pragma once
#include <cstddef>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"

namespace dossier {

constexpr size_t kNoSizeLimit = std::numeric_limits<size_t>::max();

// Reads a whole regular file of at most `max_bytes`. Otherwise the Failure
// names `path` as given, at line 1, and says why: "no such file", "is a
// directory", "permission denied", a FIFO or device (never waited on), over
// the limit (not read at all). Every reader of user files goes through here
// or through read_regular_file below, so that each says why the same way.
Result<std::string> read_file(const std::filesystem::path& path, size_t max_bytes = kNoSizeLimit);

// What reading one file found. Only a regular file is read: it is opened
// with O_NONBLOCK and fstat'ed first, so a FIFO in place of a note cannot
// block the run, and a file over the limit is refused before any byte of it
// is read.
struct FileRead {
  enum Status { ok, missing, directory, not_regular, too_large, unreadable } status = missing;
  std::string bytes;
  int error = 0;                // errno for `unreadable`
  unsigned long long size = 0;  // as fstat'ed after the read
  long long mtime_ns = 0;
  bool changed_while_reading = false;  // size or mtime moved during the read
  // Why it was not read: "no such file", "is a directory", "permission
  // denied", "not a regular file ...", "larger than max_file_bytes ...".
  std::string message() const;
  Failure failure(std::string path) const { return Failure(std::move(path), 1, message()); }
};
FileRead read_regular_file(const std::filesystem::path& path, size_t max_bytes);

// Throws std::runtime_error "PATH: WHAT: strerror(errno)" for a system call
// that just failed on `path`.
[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path);

// A new, empty temp file in the folder of `target` (so that a rename onto
// `target` stays in one file system and is atomic), open for writing, mode
// 0600. Its name is ".dossier-tmp-" and six random characters: hidden from
// Obsidian, short and of fixed length (a note named near the file-name limit
// can still be written), and recognised by is_temp_file_name when a killed
// run leaves it behind. Every temp file dossier writes a note or a file of
// its own through is made here. Throws std::runtime_error naming `target`.
struct TempFileBeside {
  int fd = -1;       // the caller closes it
  std::string path;  // the caller renames or unlinks it
};
TempFileBeside create_temp_beside(const std::filesystem::path& target);

// Whether a file name (no folder) is one create_temp_beside makes, or the
// longer ".NOTE.dossier-tmp-XXXXXX" that vaults written by earlier releases
// may still hold. A name with anything after the six characters is not.
bool is_temp_file_name(std::string_view name);

// Writes `bytes` to `path` atomically: a temp file in the same folder, fsync,
// rename over the target, fsync of the folder. A reader (or a crash) sees the
// old bytes or the new ones, never a mix. Keeps the old file's permissions.
// Refuses to write through a symlink. Throws std::runtime_error on failure.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

// write(2) all of `bytes`, retrying short writes and EINTR; throws
// std::runtime_error naming `path`.
void write_all(int fd, std::string_view bytes, const std::filesystem::path& path);

// fsync of a folder, so that a rename in it is durable. Best effort.
void fsync_dir(const std::filesystem::path& dir);

// True when `path`, with symlinks resolved as far as it exists, lies inside
// `root` (resolved the same way).
bool is_inside(const std::filesystem::path& root, const std::filesystem::path& path);

// Size, modification time (ns) and inode: what changes when a file is
// written or replaced. Empty when the file cannot be stat'ed, and, with
// `settled_only`, when it was modified in the last two seconds: a second
// write in the same clock tick could keep size and time (git's "racy" files),
// so such a file is not trusted to be unchanged by its signature.
std::string stat_signature(const std::filesystem::path& path, bool settled_only = false);
// The same for `name` in the folder open as `dir_fd`, symlinks not followed
// (a walk's folder: no lookup of the whole path, a third of a stat's cost).
std::string stat_signature_at(int dir_fd, const char* name, bool settled_only = false);

// A stable 64-bit content hash (FNV-1a) as 16 hex digits.
std::string content_hash(std::string_view bytes);

}  // namespace dossier
