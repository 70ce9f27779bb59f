// Replays every input the fuzzers once failed on (tests/fuzz/regressions/,
// named TARGET-<sha1>) through the same checks the fuzz targets run, so a
// fixed bug stays fixed in the normal test run (and under ASan in CI).
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/fuzz/fuzz_checks.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

std::string check(const std::string& target, const std::string& input) {
  if (target == "note_fuzzer") return dossier::fuzz::check_note_roundtrip(input);
  if (target == "frontmatter_fuzzer") return dossier::fuzz::check_frontmatter_edit(input);
  if (target == "segment_fuzzer") return dossier::fuzz::check_segment(input, true);
  return "unknown fuzz target " + target;
}

TEST(FuzzRegressionTest, EverySavedInputPassesItsCheck) {
  fs::path dir = source_dir() / "tests/fuzz/regressions";
  int replayed = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    size_t dash = name.find('-');
    if (!entry.is_regular_file() || dash == std::string::npos) continue;
    std::string target = name.substr(0, dash);
    SCOPED_TRACE(name);
    EXPECT_EQ(check(target, read_text(entry.path())), "");
    ++replayed;
  }
  RecordProperty("replayed", replayed);
}

// The fixtures themselves, through every check: the seed corpus must pass.
TEST(FuzzRegressionTest, TheSeedCorpusPasses) {
  for (const auto& entry : fs::recursive_directory_iterator(source_dir() / "fixtures")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".md") continue;
    SCOPED_TRACE(entry.path().string());
    std::string bytes = read_text(entry.path());
    EXPECT_EQ(dossier::fuzz::check_note_roundtrip(bytes), "");
    EXPECT_EQ(dossier::fuzz::check_frontmatter_edit("\x01"
                                                    "2025-12-31\n" +
                                                    bytes),
              "");
    EXPECT_EQ(dossier::fuzz::check_segment(std::string(1, '\0') + bytes, true), "");
  }
}

}  // namespace
