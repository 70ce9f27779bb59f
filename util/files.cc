#include "util/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include "util/text.h"

namespace fs = std::filesystem;

namespace dossier {

[[noreturn]] void throw_errno(const std::string& what, const fs::path& path) {
  throw std::runtime_error(path.string() + ": " + what + ": " + std::strerror(errno));
}

namespace {

// Closes the descriptor on every path out, including exceptions.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

void write_all(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("write failed", path);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

void fsync_dir(const fs::path& dir) {
  Fd d{::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd >= 0) ::fsync(d.fd);
}

namespace {
long long mtime_ns_of(const struct stat& st) {
  return static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}
}  // namespace

FileRead read_regular_file(const fs::path& path, size_t max_bytes) {
  FileRead r;
  Fd in{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
  if (in.fd < 0) {
    r.status = errno == ENOENT || errno == ENOTDIR ? FileRead::missing : FileRead::unreadable;
    r.error = errno;
    if (errno == ENXIO) r.status = FileRead::not_regular;  // a socket
    return r;
  }
  struct stat before {};
  if (::fstat(in.fd, &before) != 0) {
    r.status = FileRead::unreadable;
    r.error = errno;
    return r;
  }
  if (!S_ISREG(before.st_mode)) {
    r.status = S_ISDIR(before.st_mode) ? FileRead::directory : FileRead::not_regular;
    return r;
  }
  r.size = static_cast<unsigned long long>(before.st_size);
  if (r.size > max_bytes) {
    r.status = FileRead::too_large;
    return r;
  }
  r.bytes.reserve(static_cast<size_t>(before.st_size));
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(in.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      r.status = FileRead::unreadable;
      r.error = errno;
      return r;
    }
    if (n == 0) break;
    r.bytes.append(buffer, static_cast<size_t>(n));
    if (r.bytes.size() > max_bytes) {  // it grew while being read
      r.bytes.clear();
      r.status = FileRead::too_large;
      return r;
    }
  }
  struct stat after {};
  if (::fstat(in.fd, &after) != 0) after = before;
  r.size = static_cast<unsigned long long>(after.st_size);
  r.mtime_ns = mtime_ns_of(after);
  r.changed_while_reading = after.st_size != before.st_size || mtime_ns_of(after) != mtime_ns_of(before) ||
                            r.bytes.size() != static_cast<size_t>(after.st_size);
  r.status = FileRead::ok;
  return r;
}

std::string FileRead::message() const {
  switch (status) {
    case ok:
      return "";
    case missing:
      return "no such file";
    case directory:
      return "is a directory";
    case not_regular:
      return "not a regular file (a FIFO, device or socket); not reading it";
    case too_large:
      return "larger than max_file_bytes (" + std::to_string(size) + " bytes); not reading it";
    case unreadable:
      if (error == EACCES || error == EPERM) return "permission denied";
      return std::string("cannot read: ") + std::strerror(error);
  }
  return "";
}

Result<std::string> read_file(const fs::path& path, size_t max_bytes) {
  FileRead r = read_regular_file(path, max_bytes);
  if (r.status != FileRead::ok) return r.failure(path.string());
  return std::move(r.bytes);
}

namespace {
constexpr std::string_view kTempMarker = ".dossier-tmp-";
constexpr size_t kTempRandomChars = 6;  // mkstemp's XXXXXX
}  // namespace

TempFileBeside create_temp_beside(const fs::path& target) {
  TempFileBeside temp;
  temp.path =
      (target.parent_path() / (std::string(kTempMarker) + std::string(kTempRandomChars, 'X'))).string();
  temp.fd = ::mkstemp(temp.path.data());
  if (temp.fd < 0) throw_errno("cannot create temp file", target);
  return temp;
}

bool is_temp_file_name(std::string_view name) {
  size_t marker = name.rfind(kTempMarker);
  return name.starts_with('.') && marker != std::string_view::npos &&
         name.size() == marker + kTempMarker.size() + kTempRandomChars;
}

void write_file_atomic(const fs::path& path, std::string_view bytes) {
  struct stat st {};
  mode_t mode = 0644;
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode))
      throw std::runtime_error(path.string() + ": is a symlink; not writing through it");
    mode = st.st_mode & 07777;
  }
  TempFileBeside created = create_temp_beside(path);
  Fd tmp{created.fd};
  try {
    write_all(tmp.fd, bytes, path);
    if (::fchmod(tmp.fd, mode) != 0) throw_errno("chmod failed", path);
    if (::fsync(tmp.fd) != 0) throw_errno("fsync failed", path);
    if (::rename(created.path.c_str(), path.c_str()) != 0) throw_errno("rename failed", path);
  } catch (...) {
    ::unlink(created.path.c_str());
    throw;
  }
  fsync_dir(path.parent_path());
}

namespace {

// weakly_canonical, except that a dangling symlink on the way is followed
// too (weakly_canonical keeps it as a plain name, which would place a link
// to a missing file outside the vault inside it).
std::optional<fs::path> resolve(const fs::path& path) {
  std::error_code ec;
  fs::path current = fs::absolute(path, ec);
  for (int hops = 0; !ec && hops < 40; ++hops) {
    fs::path head;
    auto it = current.begin();
    for (; it != current.end() && fs::exists(head / *it, ec); ++it) head /= *it;
    if (ec) break;
    fs::path missing = it == current.end() ? fs::path() : head / *it;
    if (it == current.end() || !fs::is_symlink(fs::symlink_status(missing, ec))) {
      fs::path p = fs::weakly_canonical(current, ec);
      if (ec) break;
      return p;
    }
    fs::path target = fs::read_symlink(missing, ec);
    fs::path next = target.is_absolute() ? target : head / target;
    for (++it; it != current.end(); ++it) next /= *it;
    current = next;
  }
  return std::nullopt;
}

}  // namespace

bool is_inside(const fs::path& root, const fs::path& path) {
  std::optional<fs::path> r = resolve(root), p = resolve(path);
  if (!r || !p) return false;
  auto [root_end, unused] = std::mismatch(r->begin(), r->end(), p->begin(), p->end());
  return root_end == r->end();
}

std::string content_hash(std::string_view bytes) {
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(fnv1a(bytes)));
  return out;
}

namespace {
std::string signature_of(const struct stat& st, bool settled_only) {
  if (settled_only && std::time(nullptr) - st.st_mtim.tv_sec < 2) return "";
  return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_ino);
}
}  // namespace

std::string stat_signature(const std::filesystem::path& path, bool settled_only) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return signature_of(st, settled_only);
}

std::string stat_signature_at(int dir_fd, const char* name, bool settled_only) {
  struct stat st {};
  if (::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return "";
  return signature_of(st, settled_only);
}

}  // namespace dossier
