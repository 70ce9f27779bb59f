// File I/O with the guarantees user data needs.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace dossier {

// Reads a whole file; nullopt when it does not exist or cannot be read.
std::optional<std::string> read_file(const std::filesystem::path& path);

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
