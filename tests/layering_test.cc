// The source folders are layers: cli -> pipeline -> extractors -> vault ->
// util. A file may include headers from its own folder or from folders below
// it, never from one above. CMake links each folder's library only against the
// ones below it; this test checks the #include lines themselves, so a header-
// only dependency that the linker cannot see is caught as well.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;

// Lowest first. Tests, benchmarks and fuzzers stand outside the order.
const std::vector<std::string> kLayers = {"util", "vault", "extractors", "pipeline", "cli"};

int layer_of(const std::string& folder) {
  auto it = std::find(kLayers.begin(), kLayers.end(), folder);
  return it == kLayers.end() ? -1 : static_cast<int>(it - kLayers.begin());
}

// "path:line: includes X from a higher layer" for every include that points up
// (or into a top-level folder that is not a layer at all, e.g. tests/).
std::vector<std::string> layering_violations(const fs::path& root) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s*"([^/"]+)/[^"]*")re");
  std::vector<std::string> found;
  for (const std::string& folder : kLayers) {
    if (!fs::is_directory(root / folder)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".h" && ext != ".cc")) continue;
      std::istringstream in(testing::read_text(entry.path()));
      std::string line;
      for (int number = 1; std::getline(in, line); ++number) {
        std::smatch m;
        if (!std::regex_search(line, m, kInclude)) continue;
        const std::string target = m[1];
        if (layer_of(target) >= 0 && layer_of(target) <= layer_of(folder)) continue;
        found.push_back(fs::relative(entry.path(), root).string() + ":" + std::to_string(number) + ": " +
                        folder + " must not include " + target + "/");
      }
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

TEST(Layering, SourceFoldersIncludeOnlyTheirOwnOrLowerLayers) {
  const auto violations = layering_violations(testing::source_dir());
  for (const auto& v : violations) ADD_FAILURE() << v;
  EXPECT_TRUE(violations.empty());
}

TEST(Layering, EveryLayerFolderExists) {
  for (const auto& folder : kLayers) EXPECT_TRUE(fs::is_directory(testing::source_dir() / folder)) << folder;
}

// The checker itself: an include that points up or at a non-layer folder is
// reported with its path and line; includes down, within a folder and of
// system headers are not.
TEST(Layering, CheckerReportsUpwardAndSidewaysIncludes) {
  testing::TempDir tmp;
  const fs::path& root = tmp.path();
  for (const auto& folder : kLayers) fs::create_directories(root / folder);
  fs::create_directories(root / "tests");
  testing::write_text(root / "vault/ok.cc",
                      "#include \"vault/ok.h\"\n#include \"util/text.h\"\n#include <string>\n");
  testing::write_text(root / "util/up.h", "#pragma once\n\n#include \"vault/note.h\"\n");
  testing::write_text(root / "extractors/side.cc", "#include \"tests/test_util.h\"\n");
  testing::write_text(root / "pipeline/up.cc", "  # include \"cli/cli.h\"\n");
  testing::write_text(root / "cli/ok.cc", "#include \"pipeline/runner.h\"\n#include \"util/text.h\"\n");

  EXPECT_EQ(layering_violations(root),
            (std::vector<std::string>{"extractors/side.cc:1: extractors must not include tests/",
                                      "pipeline/up.cc:1: pipeline must not include cli/",
                                      "util/up.h:3: util must not include vault/"}));
}

}  // namespace
}  // namespace dossier
