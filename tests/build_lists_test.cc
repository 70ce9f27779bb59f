// The CMakeLists.txt files name their sources one by one (no globs), so a
// source file added but not listed would be silently left out of the build,
// and a test file would never run. This test reads the lists and fails on any
// .cc file under a source folder or any tests/*_test.cc that its list omits.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;

// The words of a CMakeLists.txt: its text split at whitespace and parentheses.
std::set<std::string> words_in(const std::string& list) {
  std::set<std::string> words;
  std::string word;
  for (char c : list + "\n") {
    if (c == ' ' || c == '\n' || c == '\t' || c == '(' || c == ')') {
      if (!word.empty()) words.insert(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return words;
}

// The files in `folder` ending in `suffix` that `list` (a CMakeLists.txt's
// text) does not name; `prefix` is how the list spells the folder ("" inside
// the folder's own list, "tests/" in the top-level one).
std::vector<std::string> unlisted(const std::string& list, const fs::path& folder, const std::string& suffix,
                                  const std::string& prefix) {
  const std::set<std::string> words = words_in(list);
  std::set<std::string> missing;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.ends_with(suffix) && !words.count(prefix + name))
      missing.insert(name);
  }
  return {missing.begin(), missing.end()};
}

TEST(BuildLists, EverySourceFileIsInItsFoldersList) {
  const fs::path root = testing::source_dir();
  for (const std::string folder : {"util", "vault", "extractors", "pipeline", "cli"}) {
    const std::string list = testing::read_text(root / folder / "CMakeLists.txt");
    std::vector<std::string> missing = unlisted(list, root / folder, ".cc", "");
    // cli/main.cc is the executable's, listed in the top-level CMakeLists.txt.
    std::erase(missing, "main.cc");
    for (const auto& name : missing)
      ADD_FAILURE() << folder << "/" << name << " is not in " << folder << "/CMakeLists.txt";
  }
}

TEST(BuildLists, EveryTestFileIsInTheTestList) {
  const fs::path root = testing::source_dir();
  const std::string list = testing::read_text(root / "CMakeLists.txt");
  for (const auto& name : unlisted(list, root / "tests", "_test.cc", "tests/"))
    ADD_FAILURE() << "tests/" << name << " is not in CMakeLists.txt's dossier_tests";
}

TEST(BuildLists, EveryTestScriptIsIncluded) {
  const fs::path root = testing::source_dir();
  const std::string list = testing::read_text(root / "CMakeLists.txt");
  for (const auto& entry : fs::directory_iterator(root / "tests")) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".cmake")) continue;
    EXPECT_NE(list.find("include(tests/" + name + ")"), std::string::npos)
        << "tests/" << name << " is not included";
  }
}

}  // namespace
}  // namespace dossier
