// The test helpers that decide whether other tests pass: the golden-file
// comparison and the hang guard around a run of the binary.
#include "tests/test_util.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vault/lock.h"

namespace fs = std::filesystem;

namespace dossier::testing {
namespace {

// The failures `compare` reported, without failing this test.
std::vector<std::string> failures_of(const std::function<void()>& compare) {
  ::testing::TestPartResultArray results;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    compare();
  }
  std::vector<std::string> messages;
  for (int i = 0; i < results.size(); ++i) messages.emplace_back(results.GetTestPartResult(i).message());
  return messages;
}

class GoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    golden_ = tmp_.path() / "golden";
    write_text(golden_ / "Customers/Acme.md", "# Acme\n");
    write_text(golden_ / "Customers/Lambda.md", "# Lambda\n");
  }
  std::vector<std::string> compare(const std::map<std::string, std::string>& produced) {
    std::optional<bool> updated;
    std::vector<std::string> failures =
        failures_of([&] { updated = update_or_compare_golden(golden_, produced, false); });
    EXPECT_EQ(updated, false);
    return failures;
  }

  TempDir tmp_;
  fs::path golden_;
};

TEST_F(GoldenTest, PassesWhenEveryFileMatchesItsGoldenOne) {
  EXPECT_TRUE(compare({{"Customers/Acme.md", "# Acme\n"}, {"Customers/Lambda.md", "# Lambda\n"}}).empty());
}

TEST_F(GoldenTest, FailsOnAFileThatDiffers) {
  std::vector<std::string> failures =
      compare({{"Customers/Acme.md", "# Acme\n- new\n"}, {"Customers/Lambda.md", "# Lambda\n"}});
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("Customers/Acme.md"), std::string::npos) << failures[0];
}

TEST_F(GoldenTest, FailsOnAProducedFileWithoutAGoldenOne) {
  std::vector<std::string> failures = compare({{"Customers/Acme.md", "# Acme\n"},
                                               {"Customers/Lambda.md", "# Lambda\n"},
                                               {"Customers/Orbital.md", "x"}});
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("no golden file"), std::string::npos) << failures[0];
}

TEST_F(GoldenTest, FailsOnAGoldenFileThatMatchesNothingProduced) {
  std::vector<std::string> failures = compare({{"Customers/Acme.md", "# Acme\n"}});
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("Customers/Lambda.md"), std::string::npos) << failures[0];
  EXPECT_NE(failures[0].find("matches nothing produced"), std::string::npos) << failures[0];
}

TEST_F(GoldenTest, UpdatingRewritesTheFolderToExactlyWhatWasProducedAndSaysSo) {
  bool updated = false;
  std::vector<std::string> failures = failures_of([&] {
    updated = update_or_compare_golden(golden_, {{"Customers/Acme.md", "# Acme\n- new\n"}}, true);
  });
  EXPECT_TRUE(failures.empty());
  EXPECT_TRUE(updated) << "the caller must skip: nothing was compared";
  EXPECT_EQ(snapshot(golden_),
            (std::map<std::string, std::string>{{"Customers/Acme.md", "# Acme\n- new\n"}}));
}

TEST(HangGuard, KillsARunThatWaitsForeverAndSaysSo) {
  TempDir tmp;
  fs::path vault = tmp.path() / "vault";
  make_empty_vault(vault);
  std::optional<VaultLock> lock = VaultLock::acquire(vault / ".dossier", false);
  ASSERT_TRUE(lock.has_value());
  // With the lock held here, `run --wait` waits until it is killed.
  Output o = run_dossier_guarded(1, {"run", "--wait", "--vault", vault.string()});
  EXPECT_TRUE(o.hung);
  EXPECT_NE(o.exit_code, 0);
}

TEST(HangGuard, LeavesARunThatEndsAlone) {
  TempDir tmp;
  fs::path vault = tmp.path() / "vault";
  make_empty_vault(vault);
  Output o = run_dossier_guarded(kHangGuardSeconds, {"run", "--vault", vault.string()});
  EXPECT_FALSE(o.hung);
  EXPECT_EQ(o.exit_code, 0) << o.err;
}

}  // namespace
}  // namespace dossier::testing
