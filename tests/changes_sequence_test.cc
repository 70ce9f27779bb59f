// Five meetings about one customer, run one after the other as they happen,
// one of them corrected after its run: the customer note after all of them
// is the golden file fixtures/expected/changes/run/ (DOSSIER_UPDATE_GOLDEN=1
// rewrites it and skips the comparison; review the diff). Then a kill -9 at any moment of the run
// that retracts and supersedes, and undo of that run.
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

extern char** environ;

namespace {

const char kNotePath[] = "Customers/Halvorsen Freight.md";
const char kDeepDive[] = "2026-02-05 Halvorsen deep dive.md";

fs::path fixture() { return source_dir() / "fixtures/vaults/changes"; }
fs::path golden() { return source_dir() / "fixtures/expected/changes/run"; }

class ChangesSequence : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    fs::create_directories(vault_ / "Meetings");
    fs::copy(fixture() / "People", vault_ / "People", fs::copy_options::recursive);
    fs::copy_file(fixture() / "dossier.yaml", vault_ / "dossier.yaml");
  }
  void add(const fs::path& from) {
    fs::copy_file(from, vault_ / "Meetings" / from.filename(), fs::copy_options::overwrite_existing);
  }
  nlohmann::json run(const std::string& today) {
    Output o = run_dossier({"run", "--json", "--vault", vault_.string()}, {"DOSSIER_TODAY=" + today});
    EXPECT_EQ(o.exit_code, 0) << o.err << o.out;
    return nlohmann::json::parse(o.out);
  }
  // The meetings up to the deep dive's correction, run as they happened.
  void before_the_correction() {
    add(fixture() / "Meetings/2026-01-08 Halvorsen kickoff.md");
    run("2026-01-08");
    add(fixture() / "Meetings/2026-01-22 Halvorsen weekly.md");
    run("2026-01-22");
    add(fixture() / "drafts" / kDeepDive);
    run("2026-02-05");
    // The correction, and the next meeting's notes, before the next run.
    add(fixture() / "Meetings" / kDeepDive);
    add(fixture() / "Meetings/2026-02-19 Halvorsen sync.md");
  }
  void after_the_correction() {
    add(fixture() / "Meetings/2026-03-04 Halvorsen QBR.md");
    run("2026-03-04");
  }

  TempDir tmp_;
  fs::path vault_;
};

int count_action(const nlohmann::json& report, const std::string& action) {
  int n = 0;
  for (const auto& c : report["changes"]) n += c["action"] == action;
  return n;
}

TEST_F(ChangesSequence, TheNoteAfterFiveMeetingsIsTheGoldenOneAndStaysPut) {
  before_the_correction();
  nlohmann::json corrected = run("2026-02-19");
  EXPECT_EQ(count_action(corrected, "retracted"), 1) << corrected.dump(2);
  EXPECT_EQ(count_action(corrected, "superseded"), 1) << corrected.dump(2);
  EXPECT_EQ(count_action(corrected, "resolved"), 1) << corrected.dump(2);
  after_the_correction();
  if (update_or_compare_golden(golden(), {{kNotePath, read_text(vault_ / kNotePath)}}, updating_golden()))
    GTEST_SKIP() << "golden note rewritten: review the diff";
  auto after = snapshot(vault_);
  nlohmann::json again = run("2026-03-05");
  EXPECT_EQ(again["meetings_processed"], 0);
  Output full = run_dossier({"run", "--full", "--vault", vault_.string()}, {"DOSSIER_TODAY=2026-03-05"});
  EXPECT_EQ(full.exit_code, 0) << full.err;
  EXPECT_EQ(snapshot(vault_), after) << "--full must change no byte";
}

// The run that retracts and supersedes (the corrected deep dive) and
// strikes (the sync resolves the legal blocker) is killed at moments spread over its life;
// the next run must leave exactly what an uninterrupted run leaves.
TEST_F(ChangesSequence, AKillDuringARetractionAndASupersedeIsRepairedByTheNextRun) {
  before_the_correction();
  fs::path prepared = tmp_.path() / "prepared";
  fs::copy(vault_, prepared, fs::copy_options::recursive);
  run("2026-02-19");
  auto reference = snapshot(vault_);
  for (int delay_us : {0, 500, 1000, 2000, 4000, 8000, 16000, 32000}) {
    SCOPED_TRACE(delay_us);
    fs::remove_all(vault_);
    fs::copy(prepared, vault_, fs::copy_options::recursive);
    std::vector<std::string> args{DOSSIER_BINARY, "run", "--quiet", "--vault", vault_.string()};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env{"DOSSIER_TODAY=2026-02-19", "DOSSIER_SETTLE_S=0"};
    for (char** e = environ; *e; ++e)
      if (!std::string_view(*e).starts_with("DOSSIER_")) env.emplace_back(*e);
    std::vector<char*> envp;
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, DOSSIER_BINARY, nullptr, nullptr, argv.data(), envp.data()), 0);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    run("2026-02-19");
    EXPECT_EQ(snapshot(vault_), reference);
  }
}

TEST_F(ChangesSequence, UndoPutsBackWhatARetractionAndASupersedeChanged) {
  before_the_correction();
  std::string before = read_text(vault_ / kNotePath);
  nlohmann::json r = run("2026-02-19");
  ASSERT_EQ(count_action(r, "retracted"), 1);
  ASSERT_EQ(count_action(r, "superseded"), 1);
  std::string after = read_text(vault_ / kNotePath);
  ASSERT_NE(after, before);
  Output undo = run_dossier({"undo", "--vault", vault_.string()}, {"DOSSIER_TODAY=2026-02-19"});
  ASSERT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_EQ(read_text(vault_ / kNotePath), before);
  // The memory went back too: the same run again does the same.
  run("2026-02-19");
  EXPECT_EQ(read_text(vault_ / kNotePath), after);
}

}  // namespace
