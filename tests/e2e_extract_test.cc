// Golden test: `dossier extract` on every fixture meeting prints exactly the
// checked-in fixtures/expected/<vault>/extract/<meeting>.expected.json, and
// every golden file there is some meeting's. DOSSIER_UPDATE_GOLDEN=1
// rewrites the golden files (review the diff!) and skips the comparison.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"
#include "vault/config.h"
#include "vault/vault.h"
#include "vault/vault_files.h"

namespace fs = std::filesystem;
using namespace dossier;
using namespace dossier::testing;

namespace {

std::vector<std::string> fixture_meetings(const fs::path& vault) {
  Config config = load_config((vault / "dossier.yaml").string(), true);
  return match_globs(vault, config.meetings).paths;
}

TEST(E2eExtract, EveryFixtureMeetingMatchesItsGoldenJson) {
  fs::path vault = source_dir() / "fixtures/vaults/basic";
  std::vector<std::string> meetings = fixture_meetings(vault);
  ASSERT_GE(meetings.size(), 15u);
  std::map<std::string, std::string> produced;
  for (const std::string& m : meetings) {
    SCOPED_TRACE(m);
    Output o = run_dossier({"extract", m, "--vault", vault.string()});
    ASSERT_EQ(o.exit_code, 0) << o.err;
    produced[m + ".expected.json"] = o.out;
    // The output is a contract (../shared/spec/cli-json.md): check its shape too.
    nlohmann::json j = nlohmann::json::parse(o.out);
    EXPECT_EQ(j["meeting"]["path"], m);
    for (const auto& item : j["items"]) {
      EXPECT_TRUE(item["customer"].is_null() || item["customer"].is_string());
      EXPECT_GE(item["line"].get<int>(), 1);
      EXPECT_EQ(item["extractor"], "rules");
    }
  }
  if (update_or_compare_golden(source_dir() / "fixtures/expected/basic/extract", produced, updating_golden()))
    GTEST_SKIP() << "golden files rewritten: review the diff";
}

TEST(E2eExtract, WritesNothing) {
  TempDir tmp;
  fs::copy(source_dir() / "fixtures/vaults/basic", tmp.path(), fs::copy_options::recursive);
  auto before = snapshot(tmp.path());
  for (const std::string& m : fixture_meetings(tmp.path()))
    ASSERT_EQ(run_dossier({"extract", m, "--vault", tmp.path().string()}).exit_code, 0);
  EXPECT_EQ(snapshot(tmp.path()), before);
  EXPECT_FALSE(fs::exists(tmp.path() / ".dossier"));
}

}  // namespace
