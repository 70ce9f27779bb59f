// The progress line: its text, when it is shown, and the meter that draws it.
#include "util/progress.h"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "tests/fake_llm_server.h"
#include "tests/test_util.h"

namespace dossier {
namespace {

TEST(Progress, TheLineSaysDoneTotalInFlightAndTimeLeft) {
  EXPECT_EQ(format_progress_line({0, 240, 0, 0.0}), "dossier: 0/240 meetings");
  EXPECT_EQ(format_progress_line({0, 240, 4, 3.0}), "dossier: 0/240 meetings, 4 LLM requests in flight");
  EXPECT_EQ(format_progress_line({12, 240, 1, 12.0}),
            "dossier: 12/240 meetings, 1 LLM request in flight, about 4 min left");  // 228 s
  EXPECT_EQ(format_progress_line({120, 240, 0, 30.0}), "dossier: 120/240 meetings, about 30 s left");
  EXPECT_EQ(format_progress_line({10, 1000, 8, 60.0}),
            "dossier: 10/1000 meetings, 8 LLM requests in flight, about 1 h 39 min left");
  EXPECT_EQ(format_progress_line({240, 240, 0, 99.0}), "dossier: 240/240 meetings");
  EXPECT_EQ(format_progress_line({239, 240, 0, 0.01}), "dossier: 239/240 meetings, about 1 s left");
}

TEST(Progress, ShownOnATerminalOnlyAndNeverUnderQuietOrJson) {
  EXPECT_TRUE(progress_wanted(false, false, true));
  EXPECT_FALSE(progress_wanted(false, false, false));
  EXPECT_FALSE(progress_wanted(true, false, true));
  EXPECT_FALSE(progress_wanted(false, true, true));
}

TEST(Progress, TheMeterDrawsTheLineAndErasesIt) {
  std::ostringstream out;
  {
    ProgressMeter meter(&out, 3);
    meter.meeting_done();
    meter.request_started();
    EXPECT_EQ(meter.counts().done, 1);
    EXPECT_EQ(meter.counts().in_flight, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    meter.request_finished();
  }
  std::string drawn = out.str();
  EXPECT_NE(drawn.find("\rdossier: 1/3 meetings, 1 LLM request in flight"), std::string::npos) << drawn;
  EXPECT_TRUE(drawn.ends_with("\r\x1b[K")) << "the line is erased at the end";
}

TEST(Progress, AShortRunDrawsNothingAndNoStreamDrawsNothing) {
  std::ostringstream out;
  { ProgressMeter meter(&out, 3); }
  EXPECT_EQ(out.str(), "");
  ProgressMeter silent(nullptr, 3);
  silent.meeting_done();
  EXPECT_EQ(silent.counts().done, 1);
}

TEST(Progress, ARunWithoutATerminalPrintsNoProgress) {
  testing::TempDir tmp;
  std::filesystem::copy(testing::source_dir() / "fixtures/vaults/basic", tmp.path() / "v",
                        std::filesystem::copy_options::recursive);
  testing::Output o =
      testing::run_dossier({"run", "--vault", (tmp.path() / "v").string()}, {"DOSSIER_TODAY=2025-12-31"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.err, "") << "stderr is not a terminal here";
}

// The whole path on a terminal: script(1) gives the run a pseudo-terminal,
// and an LLM run slow enough to draw shows meetings, requests in flight and
// time left; --quiet on the same terminal shows none of it.
TEST(Progress, AnLlmRunOnATerminalShowsTheLine) {
  if (std::system("command -v script >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "no script(1) to make a terminal";
  testing::TempDir tmp;
  std::filesystem::path vault = tmp.path() / "v";
  std::filesystem::copy(testing::source_dir() / "fixtures/vaults/basic", vault,
                        std::filesystem::copy_options::recursive);
  testing::FakeLlmServer server((testing::source_dir() / "tests/fake_llm_server.py").string(),
                                (tmp.path() / "requests.log").string(), {"--delay", "0.15", "--models", "m"});
  testing::write_text(vault / "dossier.yaml", testing::read_text(vault / "dossier.yaml") +
                                                  "\nllm:\n  base_url: " + server.base_url() +
                                                  "\n  model: m\n  concurrency: 2\n");
  auto on_terminal = [&](const std::string& extra) {
    std::string command =
        std::string(DOSSIER_BINARY) + " run --extractor llm --vault '" + vault.string() + "'" + extra;
    std::string shell = "DOSSIER_TODAY=2025-12-31 DOSSIER_SETTLE_S=0 script -qec \"" + command +
                        "\" /dev/null </dev/null >'" + (tmp.path() / "tty.out").string() + "' 2>&1";
    EXPECT_EQ(std::system(shell.c_str()), 0);
    return testing::read_text(tmp.path() / "tty.out");
  };
  std::string shown = on_terminal("");
  EXPECT_NE(shown.find("\rdossier: "), std::string::npos) << shown;
  EXPECT_NE(shown.find(" LLM request"), std::string::npos) << shown;
  EXPECT_NE(shown.find(" left\x1b[K"), std::string::npos) << shown;
  std::filesystem::remove_all(vault / ".dossier");  // state and answer cache: the same slow run again
  std::string quiet = on_terminal(" --quiet");
  EXPECT_EQ(quiet.find("meetings"), std::string::npos) << quiet;
}

}  // namespace
}  // namespace dossier
