// Two real `dossier run` processes on one vault at once (cron and the
// post-meeting hook): exactly one works and the other exits 75 at once, or
// with --wait both finish; either way the vault ends as one run leaves it and
// the state agrees with the notes.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/reliability_vault.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

// Starts every command at the same moment and waits for all of them.
std::vector<Output> run_together(const std::vector<std::vector<std::string>>& commands) {
  std::vector<Output> results(commands.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < commands.size(); ++i)
    threads.emplace_back([&, i] { results[i] = run_dossier(commands[i], {kFixtureToday}); });
  for (std::thread& t : threads) t.join();
  return results;
}

class TwoRunsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    make_busy_vault(vault_, 30, 300);
    reference_ = tmp_.path() / "reference";
    fs::copy(vault_, reference_, fs::copy_options::recursive);
    Output single = run_dossier({"run", "--vault", reference_.string()}, {kFixtureToday});
    ASSERT_EQ(single.exit_code, 0) << single.err;
  }
  std::vector<std::string> run(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"run", "--vault", vault_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  // A further run finds nothing to do: the state remembers every meeting
  // and the notes hold every item.
  void expect_state_consistent() {
    Output third = run_dossier(run({"--json"}), {kFixtureToday});
    ASSERT_EQ(third.exit_code, 0) << third.err;
    nlohmann::json report = nlohmann::json::parse(third.out);
    EXPECT_EQ(report["items_added"], 0);
    EXPECT_EQ(report["meetings_processed"], 0);
    auto before = snapshot(vault_);
    Output full = run_dossier(run({"--full", "--json"}), {kFixtureToday});
    ASSERT_EQ(full.exit_code, 0) << full.err;
    EXPECT_EQ(nlohmann::json::parse(full.out)["items_added"], 0);
    EXPECT_EQ(snapshot(vault_), before);
  }

  TempDir tmp_;
  fs::path vault_, reference_;
};

TEST_F(TwoRunsTest, OneWorksTheOtherExits75AtOnce) {
  std::vector<Output> r = run_together({run(), run()});
  std::vector<int> codes{r[0].exit_code, r[1].exit_code};
  std::sort(codes.begin(), codes.end());
  // A run that waited would have had the lock once the other let go, and
  // exited 0: exit 75 is the run that did not wait.
  ASSERT_EQ(codes, (std::vector<int>{0, 75})) << r[0].err << r[1].err;
  const Output& loser = r[0].exit_code == 75 ? r[0] : r[1];
  EXPECT_NE(loser.err.find("locked"), std::string::npos) << loser.err;
  EXPECT_EQ(snapshot(vault_), snapshot(reference_));
  expect_state_consistent();
}

TEST_F(TwoRunsTest, WithWaitBothFinishAndTheVaultIsAsAfterOneRun) {
  std::vector<Output> r = run_together({run({"--wait"}), run({"--wait"})});
  EXPECT_EQ(r[0].exit_code, 0) << r[0].err;
  EXPECT_EQ(r[1].exit_code, 0) << r[1].err;
  EXPECT_EQ(snapshot(vault_), snapshot(reference_));
  expect_state_consistent();
}

TEST_F(TwoRunsTest, ARunAndANoteHookAtOnce) {
  std::string meeting = "Meetings/gen/2025-11-10 Relcust 0 sync 0.md";
  std::vector<Output> r =
      run_together({run({"--wait"}), {"note", meeting, "--vault", vault_.string(), "--wait"}});
  EXPECT_EQ(r[0].exit_code, 0) << r[0].err;
  EXPECT_EQ(r[1].exit_code, 0) << r[1].err;
  EXPECT_EQ(snapshot(vault_), snapshot(reference_));
  expect_state_consistent();
}

}  // namespace
