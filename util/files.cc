#include "util/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace dossier {
namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
  throw std::runtime_error(path.string() + ": " + what + ": " + std::strerror(errno));
}

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
    if (n < 0) fail("write failed", path);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

void fsync_dir(const fs::path& dir) {
  Fd d{::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd >= 0) ::fsync(d.fd);
}

std::optional<std::string> read_file(const fs::path& path) {
  // A folder opens fine and reads as empty: it must not pass for an empty note.
  std::error_code ec;
  if (fs::is_directory(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

void write_file_atomic(const fs::path& path, std::string_view bytes) {
  struct stat st {};
  mode_t mode = 0644;
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) throw std::runtime_error(path.string() + ": is a symlink; not writing through it");
    mode = st.st_mode & 07777;
  }
  fs::path dir = path.parent_path();
  // Hidden from Obsidian, and recognisable as ours if a crash leaves it behind.
  std::string tmpl = (dir / ("." + path.filename().string() + ".dossier-tmp-XXXXXX")).string();
  Fd tmp{::mkstemp(tmpl.data())};
  if (tmp.fd < 0) fail("cannot create temp file", path);
  try {
    write_all(tmp.fd, bytes, path);
    if (::fchmod(tmp.fd, mode) != 0) fail("chmod failed", path);
    if (::fsync(tmp.fd) != 0) fail("fsync failed", path);
    if (::rename(tmpl.c_str(), path.c_str()) != 0) fail("rename failed", path);
  } catch (...) {
    ::unlink(tmpl.c_str());
    throw;
  }
  fsync_dir(dir);
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
  uint64_t h = 0xcbf29ce484222325ULL;  // the FNV-1a 64-bit offset basis
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

}  // namespace dossier
