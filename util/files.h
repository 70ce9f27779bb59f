// File I/O with the guarantees user data needs.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace dossier {

// Reads a whole file; nullopt when it does not exist, cannot be read or is
// not a regular file (a FIFO or a device is never waited on).
std::optional<std::string> read_file(const std::filesystem::path& path);

// What reading one file found. Only a regular file is read: it is opened
// with O_NONBLOCK and fstat'ed first, so a FIFO in place of a note cannot
// block the run, and a file over the limit is refused before any byte of it
// is read.
struct FileRead {
  enum Status { ok, missing, not_regular, too_large, unreadable } status = missing;
  std::string bytes;
  std::string error;          // strerror text for `unreadable`
  unsigned long long size = 0;  // as fstat'ed after the read
  long long mtime_ns = 0;
  bool changed_while_reading = false;  // size or mtime moved during the read
  std::string message() const;         // "larger than ...", "not a regular file", the error
};
FileRead read_regular_file(const std::filesystem::path& path, size_t max_bytes);

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

// A stable 64-bit content hash (FNV-1a) as 16 hex digits.
std::string content_hash(std::string_view bytes);

}  // namespace dossier
