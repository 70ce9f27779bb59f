#include "util/spill.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace dossier {
namespace {

// An unnamed file in `folder`: O_TMPFILE where the file system has it, else
// a named one unlinked at once.
int unnamed_file(const std::filesystem::path& folder) {
  int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string name = (folder / ".dossier-spill-XXXXXX").string();
  fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(name.c_str());
  return fd;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

Spill::Spill(std::filesystem::path folder, std::size_t memory_limit)
    : folder_(std::move(folder)), memory_limit_(memory_limit) {}

Spill::~Spill() {
  if (fd_ >= 0) ::close(fd_);
}

Spill::Span Spill::put(std::string_view bytes) {
  Span span{flushed_ + buffer_.size(), bytes.size()};
  buffer_ += bytes;
  if (buffer_.size() >= memory_limit_) flush();
  return span;
}

void Spill::flush() {
  if (fd_ < 0) fd_ = unnamed_file(folder_);
  // A file that cannot be made, or a disk that is full, keeps the bytes
  // in memory from here on: slower to fail than a run that stops.
  if (fd_ < 0 || ::lseek(fd_, static_cast<off_t>(flushed_), SEEK_SET) < 0 || !write_all(fd_, buffer_)) {
    memory_limit_ = std::numeric_limits<std::size_t>::max();
    return;
  }
  flushed_ += buffer_.size();
  buffer_.clear();
}

std::string Spill::get(Span span) const {
  // put() flushes the whole buffer, so a span lies wholly in the file or in it.
  if (span.offset >= flushed_) return buffer_.substr(span.offset - flushed_, span.size);
  std::string out(span.size, '\0');
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(span.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw std::runtime_error("could not read back the run's temporary file: " +
                               std::string(n < 0 ? std::strerror(errno) : "it is shorter than written"));
    done += static_cast<size_t>(n);
  }
  return out;
}

void Packer::number(std::uint64_t n) {
  while (n >= 0x80) {
    out_ += static_cast<char>((n & 0x7f) | 0x80);
    n >>= 7;
  }
  out_ += static_cast<char>(n);
}

void Packer::text(std::string_view s) {
  number(s.size());
  out_ += s;
}

void Packer::texts(const std::vector<std::string>& list) {
  number(list.size());
  for (const std::string& s : list) text(s);
}

std::uint64_t Unpacker::number() {
  std::uint64_t n = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in_.empty()) throw std::runtime_error("packed bytes end inside a number");
    auto byte = static_cast<unsigned char>(in_.front());
    in_.remove_prefix(1);
    n |= std::uint64_t{byte & 0x7fU} << shift;
    if (!(byte & 0x80)) return n;
  }
  throw std::runtime_error("packed number too long");
}

std::string Unpacker::text() {
  std::uint64_t size = number();
  if (size > in_.size()) throw std::runtime_error("packed bytes end inside a text");
  std::string s(in_.substr(0, size));
  in_.remove_prefix(size);
  return s;
}

std::vector<std::string> Unpacker::texts() {
  std::uint64_t count = number();
  if (count > in_.size()) throw std::runtime_error("packed list longer than its bytes");
  std::vector<std::string> list;
  list.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) list.push_back(text());
  return list;
}

}  // namespace dossier
