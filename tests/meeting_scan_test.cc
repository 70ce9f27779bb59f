// pipeline/meeting_scan.h: the meetings a run reads are read again only as
// the scan read them.
#include "pipeline/meeting_scan.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"
#include "util/files.h"

namespace fs = std::filesystem;
using namespace dossier;
using namespace dossier::testing;

namespace {

class ReadAgain : public ::testing::Test {
 protected:
  void SetUp() override {
    make_empty_vault(vault_);
    write_text(vault_ / path_, kText);
    meeting_.info.path = path_;
    meeting_.hash = content_hash(kText);
  }
  std::optional<Meeting> read() { return read_again(vault_, config_, {&meeting_}).at(0); }

  static constexpr char kText[] = "---\ndate: 2025-10-01\n---\n# Call with Acme\n- Decision: ship it\n";
  TempDir tmp_;
  fs::path vault_ = tmp_.path() / "vault";
  std::string path_ = "Meetings/2025-10-01 call.md";
  Config config_;
  LoadedMeeting meeting_;
};

TEST_F(ReadAgain, GivesTheMeetingAsTheScanReadIt) {
  std::optional<Meeting> m = read();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->path, path_);
  EXPECT_EQ(m->date, "2025-10-01");
  EXPECT_EQ(m->title, "Call with Acme");
}

TEST_F(ReadAgain, LeavesAMeetingSavedSinceForTheNextRun) {
  write_text(vault_ / path_, std::string(kText) + "- Decision: and one more\n");
  EXPECT_FALSE(read());
}

TEST_F(ReadAgain, LeavesAMeetingGoneSinceForTheNextRun) {
  fs::remove(vault_ / path_);
  EXPECT_FALSE(read());
}

}  // namespace
