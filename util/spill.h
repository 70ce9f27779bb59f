// Bytes a long run sets aside to read back later, so that what it holds in
// memory does not grow with the number of meetings it processes; and the
// plain packing of values into such bytes.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// Kept in memory up to `memory_limit` bytes at a time; past that, written to
// an unnamed temporary file in `folder` (gone when closed, even after a
// crash). Where no such file can be made, everything stays in memory: the
// run goes on, only larger. Not thread-safe.
class Spill {
 public:
  struct Span {  // where put() kept some bytes
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
  };

  explicit Spill(std::filesystem::path folder, std::size_t memory_limit = std::size_t{4} << 20);
  ~Spill();
  Spill(const Spill&) = delete;
  Spill& operator=(const Spill&) = delete;

  Span put(std::string_view bytes);
  // Throws std::runtime_error if the file cannot be read back.
  std::string get(Span span) const;
  bool on_disk() const { return fd_ >= 0; }

 private:
  void flush();

  std::filesystem::path folder_;
  std::size_t memory_limit_;
  int fd_ = -1;
  std::uint64_t flushed_ = 0;  // bytes in the file; buffer_ holds those after them
  std::string buffer_;
};

// Values packed one after another: numbers as varints, strings with their
// length first. Unpacker reads them back in the same order.
class Packer {
 public:
  void number(std::uint64_t n);
  void text(std::string_view s);
  void texts(const std::vector<std::string>& list);
  const std::string& bytes() const { return out_; }

 private:
  std::string out_;
};

class Unpacker {
 public:
  explicit Unpacker(std::string_view in) : in_(in) {}
  // Each throws std::runtime_error on bytes Packer did not write.
  std::uint64_t number();
  std::string text();
  std::vector<std::string> texts();
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace dossier
