// util/spill.h: bytes set aside in memory, then in an unnamed file, read
// back the same; and the packing of numbers and texts.
#include "util/spill.h"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

#include "tests/test_util.h"

using namespace dossier;
using dossier::testing::TempDir;

namespace {

// A text of `size` bytes that differs from its neighbours.
std::string bytes_of(size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string s(size, '\0');
  for (char& c : s) c = static_cast<char>(random() & 0xff);
  return s;
}

TEST(Spill, GivesBackWhatWasPutWhileItFitsInMemory) {
  TempDir tmp;
  Spill spill(tmp.path());
  Spill::Span a = spill.put("first");
  Spill::Span b = spill.put("");
  Spill::Span c = spill.put("third");
  EXPECT_EQ(spill.get(a), "first");
  EXPECT_EQ(spill.get(b), "");
  EXPECT_EQ(spill.get(c), "third");
  EXPECT_FALSE(spill.on_disk());
}

TEST(Spill, PastItsLimitItWritesToAFileNoOneSeesAndReadsItBack) {
  TempDir tmp;
  Spill spill(tmp.path(), 1000);
  std::vector<std::pair<Spill::Span, std::string>> put;
  for (unsigned i = 0; i < 200; ++i) {
    std::string bytes = bytes_of(i * 7 % 300, i);
    put.emplace_back(spill.put(bytes), bytes);
  }
  EXPECT_TRUE(spill.on_disk());
  // Read back out of order: from the file and from what is still in memory.
  for (size_t i = put.size(); i-- > 0;) EXPECT_EQ(spill.get(put[i].first), put[i].second) << i;
  // The file has no name: the folder is as it was.
  EXPECT_TRUE(std::filesystem::is_empty(tmp.path()));
}

TEST(Spill, KeepsEverythingInMemoryWhereNoFileCanBeMade) {
  TempDir tmp;
  Spill spill(tmp.path() / "no such folder", 10);
  std::string big = bytes_of(5000, 1);
  Spill::Span a = spill.put("small");
  Spill::Span b = spill.put(big);
  Spill::Span c = spill.put("after");
  EXPECT_FALSE(spill.on_disk());
  EXPECT_EQ(spill.get(a), "small");
  EXPECT_EQ(spill.get(b), big);
  EXPECT_EQ(spill.get(c), "after");
}

TEST(Pack, NumbersAndTextsComeBackInOrder) {
  Packer p;
  const std::vector<std::uint64_t> numbers = {0, 1, 127, 128, 300, 1ULL << 35, ~0ULL};
  for (std::uint64_t n : numbers) p.number(n);
  p.text("");
  p.text(std::string("a\0b", 3));
  p.texts({"x", "", "żółw"});
  Unpacker u(p.bytes());
  for (std::uint64_t n : numbers) EXPECT_EQ(u.number(), n);
  EXPECT_EQ(u.text(), "");
  EXPECT_EQ(u.text(), std::string("a\0b", 3));
  EXPECT_EQ(u.texts(), (std::vector<std::string>{"x", "", "żółw"}));
  EXPECT_TRUE(u.done());
}

// Reads what BytesCutShortAreAnErrorNotGarbage packed.
void read_text_and_number(std::string_view bytes) {
  Unpacker u(bytes);
  u.text();
  u.number();
}

TEST(Pack, BytesCutShortAreAnErrorNotGarbage) {
  Packer p;
  p.text("some text");
  p.number(1ULL << 40);
  const std::string& whole = p.bytes();
  EXPECT_NO_THROW(read_text_and_number(whole));
  for (size_t cut = 0; cut < whole.size(); ++cut)
    EXPECT_THROW(read_text_and_number(std::string_view(whole).substr(0, cut)), std::runtime_error) << cut;
}

}  // namespace
