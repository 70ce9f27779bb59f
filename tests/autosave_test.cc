// An editor that autosaves while the user types (Obsidian saves every couple
// of seconds) runs a hook after every save: no intermediate state of a
// half-typed line may persist in a customer note, whether the hook waits for
// the meeting to settle or processes it at once (`--now`).
#include <gtest/gtest.h>

#include <chrono>

#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

constexpr char kMeeting[] = "Meetings/2026-01-06 Acme pricing call.md";
constexpr char kFinal[] =
    "Acme will sign the three year contract for 5 PB of archive storage at the current price.";

class Autosave : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    make_empty_vault(vault_);
    write_text(vault_ / "Customers/Acme.md",
               "---\ntype: customer\n---\n\n# Acme\n\n## Key Decisions\n\n## Next Steps\n");
  }
  // The meeting as the editor saves it when `typed` characters of the
  // decision are typed.
  void save(size_t typed) {
    write_text(vault_ / kMeeting,
               "---\ndate: 2026-01-06\ncustomer: \"[[Acme]]\"\n---\n\n# Acme pricing call\n\n"
               "## Key Decisions\n- " +
                   std::string(kFinal).substr(0, typed) + "\n");
  }
  // The hook of the README, with the default settle delay unless `now`.
  Output hook(bool now) {
    std::vector<std::string> args{"note", kMeeting, "--vault", vault_.string(), "--quiet", "--wait"};
    if (now) args.push_back("--now");
    return run_dossier(args, {"DOSSIER_TODAY=2026-01-10", "DOSSIER_SETTLE_S=60"});
  }
  // Lines of Key Decisions that hold any part of the decision.
  int decision_lines() {
    std::string text = read_text(vault_ / "Customers/Acme.md");
    size_t start = text.find("## Key Decisions"), end = text.find("## Next Steps");
    std::string decisions = text.substr(start, end - start);
    int n = 0;
    for (size_t at = decisions.find("Acme will"); at != std::string::npos;
         at = decisions.find("Acme will", at + 1))
      ++n;
    return n;
  }
  void typing(bool now) {
    for (size_t typed :
         {size_t{12}, size_t{25}, size_t{38}, size_t{52}, size_t{66}, size_t{80}, sizeof kFinal - 1}) {
      save(typed);
      Output o = hook(now);
      ASSERT_EQ(o.exit_code, 0) << o.err;
    }
  }

  TempDir tmp_;
  fs::path vault_;
};

TEST_F(Autosave, AHookThatWaitsWritesNothingWhileTheMeetingIsTypedThenTheWholeLine) {
  typing(false);
  EXPECT_EQ(decision_lines(), 0) << read_text(vault_ / "Customers/Acme.md");
  // The meeting rests: the next hook (or cron) run takes what it says now.
  fs::last_write_time(vault_ / kMeeting, fs::last_write_time(vault_ / kMeeting) - std::chrono::minutes(5));
  ASSERT_EQ(hook(false).exit_code, 0);
  std::string text = read_text(vault_ / "Customers/Acme.md");
  EXPECT_EQ(decision_lines(), 1) << text;
  EXPECT_NE(text.find(kFinal), std::string::npos) << text;
}

TEST_F(Autosave, AHookWithNowKeepsOnlyTheLastSavedLine) {
  typing(true);
  std::string text = read_text(vault_ / "Customers/Acme.md");
  EXPECT_EQ(decision_lines(), 1) << text;
  EXPECT_NE(text.find(kFinal), std::string::npos) << text;
}

}  // namespace
