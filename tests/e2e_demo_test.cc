// `dossier demo`: the example vault built into the binary is written out,
// run, and reported per customer; a second run changes nothing, and a
// folder that holds anything else is never written to.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

const std::vector<std::string> kEnv = {"DOSSIER_TODAY=2026-02-04"};

TEST(E2eDemo, WritesTheExampleVaultRunsItAndShowsWhatChanged) {
  TempDir tmp;
  fs::path dir = tmp.path() / "demo";
  Output o = run_dossier({"demo", dir.string()}, kEnv);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find(dir.string()), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("Customers/Kovac Bakeries.md (created)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("Customers/Harbor & Pine Hotels.md (updated)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("Customers/Ferncliff Water District.md (updated)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("  Key Decisions"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("dossier eval"), std::string::npos) << o.out;

  // Meetings in several styles, each with its items in the right customer note.
  EXPECT_TRUE(fs::exists(dir / "Meetings/2026-01-20 Ferncliff pump stations.vtt"));
  std::string ferncliff = read_text(dir / "Customers/Ferncliff Water District.md");
  EXPECT_NE(ferncliff.find("([[2026-01-20 Ferncliff pump stations]])"), std::string::npos) << ferncliff;
  std::string kovac = read_text(dir / "Customers/Kovac Bakeries.md");
  EXPECT_NE(kovac.find("([[2026-01-27 Kovac Bakeries maintenance review]])"), std::string::npos) << kovac;
  std::string hotels = read_text(dir / "Customers/Harbor & Pine Hotels.md");
  EXPECT_NE(hotels.find("([[2026-02-03 H&P weekly]])"), std::string::npos) << hotels;
  EXPECT_NE(hotels.find("## Properties\n\nPortsmouth, Brighton"),
            std::string::npos);  // the user's section stays

  // Again: nothing new, no byte changes; `run` agrees.
  auto after = snapshot(dir);
  Output again = run_dossier({"demo", dir.string()}, kEnv);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("No customer note changed."), std::string::npos) << again.out;
  EXPECT_EQ(snapshot(dir), after);
  Output run = run_dossier({"run", "--full", "--json", "--vault", dir.string()}, kEnv);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out)["items_added"], 0);
  EXPECT_EQ(snapshot(dir), after);

  // Its gold file scores three of its meetings.
  Output eval = run_dossier({"eval", (dir / "gold.yaml").string(), "--vault", dir.string(), "--json"});
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  nlohmann::json report = nlohmann::json::parse(eval.out);
  EXPECT_EQ(report["meetings"], 3);
  EXPECT_GT(report["overall"]["matched"].get<int>(), 15);
}

TEST(E2eDemo, NeverWritesIntoAFolderThatHoldsSomethingElse) {
  TempDir tmp;
  write_text(tmp.path() / "dossier.yaml", "customers: Clients\n");
  write_text(tmp.path() / "Meetings/a.md", "# mine\n");
  auto before = snapshot(tmp.path());
  Output o = run_dossier({"demo", tmp.path().string()}, kEnv);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("is not empty"), std::string::npos) << o.err;
  EXPECT_EQ(snapshot(tmp.path()), before);
  EXPECT_FALSE(fs::exists(tmp.path() / ".dossier"));
}

TEST(E2eDemo, WithoutAFolderUsesANewTemporaryOne) {
  TempDir tmp;
  Output o = run_dossier({"demo"}, {"DOSSIER_TODAY=2026-02-04", "TMPDIR=" + tmp.path().string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  std::vector<fs::path> made;
  for (const auto& e : fs::directory_iterator(tmp.path())) made.push_back(e.path());
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(made[0].filename().string().rfind("dossier-demo-", 0), 0u);
  EXPECT_NE(o.out.find(made[0].string()), std::string::npos);
  EXPECT_TRUE(fs::exists(made[0] / "Customers/Kovac Bakeries.md"));
}

}  // namespace
