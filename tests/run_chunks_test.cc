// A run reads its meetings again a chunk at a time and keeps their items on
// disk until it writes the notes (runner.h): however small the chunks and
// the memory it keeps, it writes what one pass over everything writes.
#include <gtest/gtest.h>

#include "pipeline/runner.h"
#include "pipeline/state.h"
#include "tests/test_util.h"
#include "util/files.h"
#include "util/text.h"

namespace fs = std::filesystem;
using namespace dossier;
using namespace dossier::testing;

namespace {

RunReport run(const fs::path& vault, size_t meetings_per_chunk, size_t spill_memory_bytes) {
  Config config = load_config((vault / "dossier.yaml").string(), true);
  RunOptions options;
  options.today = "2030-01-01";  // after every fixture meeting
  options.meetings_per_chunk = meetings_per_chunk;
  options.spill_memory_bytes = spill_memory_bytes;
  StateStore state(vault / ".dossier");
  return run_pipeline(vault, config, options, state);
}

// What a report says, as one text to compare.
std::string summary(const RunReport& r) {
  std::string s = std::to_string(r.meetings_seen) + " seen, " + std::to_string(r.meetings_processed) +
                  " processed, " + std::to_string(r.items_added) + " added, " +
                  std::to_string(r.items_merged) + " merged\n";
  for (const std::string& n : r.notes_created) s += "created " + n + "\n";
  for (const std::string& n : r.notes_updated) s += "updated " + n + "\n";
  for (const auto& [from, to] : r.meetings_renamed) s += "renamed " + from + " -> " + to + "\n";
  for (const FailedMeeting& f : r.meetings_failed) s += "failed " + f.failure.text() + "\n";
  for (const std::string& w : r.warnings) s += "warning " + w + "\n";
  for (const UnattributedItem& u : r.unattributed)
    s += "unattributed " + u.path + ":" + std::to_string(u.line) + " " + u.text + "\n";
  for (const Change& c : r.changes) s += c.note + " " + c.kind + " " + c.action + " " + c.text + "\n";
  return s;
}

class RunChunks : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    for (const fs::path& v : {whole_, chunked_})
      fs::copy(source_dir() / "fixtures/vaults" / GetParam(), v, fs::copy_options::recursive);
  }
  // Runs both vaults: one with the defaults, one a meeting at a time with
  // every item on disk; both must write the same.
  void run_both_and_compare() {
    RunReport whole = run(whole_, RunOptions().meetings_per_chunk, RunOptions().spill_memory_bytes);
    RunReport chunked = run(chunked_, 1, 1);
    EXPECT_GT(whole.meetings_processed, 0);
    EXPECT_EQ(summary(chunked), summary(whole));
    EXPECT_EQ(snapshot(chunked_), snapshot(whole_));
  }
  void both(const std::function<void(const fs::path&)>& change) {
    change(whole_);
    change(chunked_);
  }

  TempDir tmp_;
  fs::path whole_ = tmp_.path() / "whole", chunked_ = tmp_.path() / "chunked";
};

TEST_P(RunChunks, AMeetingAtATimeWritesWhatOnePassWrites) { run_both_and_compare(); }

TEST_P(RunChunks, SoDoesASecondRunWithRevisedRenamedAndNewMeetings) {
  run_both_and_compare();
  // Every meeting: half of them revised (their second half gone), the
  // first renamed, and a copy of the last under a new name.
  std::vector<fs::path> meetings;
  for (const auto& entry : fs::recursive_directory_iterator(whole_ / "Meetings"))
    if (entry.is_regular_file()) meetings.push_back(fs::relative(entry.path(), whole_));
  std::sort(meetings.begin(), meetings.end());
  ASSERT_GE(meetings.size(), 3U);
  both([&](const fs::path& vault) {
    for (size_t i = 0; i < meetings.size(); i += 2) {
      std::string text = read_text(vault / meetings[i]);
      write_text(vault / meetings[i], text.substr(0, text.size() / 2 + 1));
    }
    fs::path first = vault / meetings[1];
    fs::rename(first, first.parent_path() / ("renamed " + first.filename().string()));
    fs::path last = vault / meetings.back();
    fs::copy_file(last, last.parent_path() / ("copy " + last.filename().string()));
  });
  run_both_and_compare();
}

INSTANTIATE_TEST_SUITE_P(Vaults, RunChunks, ::testing::Values("basic", "field", "noise", "changes"));

// A vault where topics depend on every meeting of the run: a phrase six
// weekly meetings repeat is no topic of the seventh, whichever chunk each is in.
void write_weekly_vault(const fs::path& vault) {
  make_empty_vault(vault);
  for (const char* name : {"Globex", "Acme"})
    write_text(vault / "Customers" / (std::string(name) + ".md"),
               "---\ntype: customer\n---\n\n# " + std::string(name) + "\n\n## Recent Context\n");
  auto meeting = [&](const std::string& name, const std::string& customer, const std::string& notes) {
    write_text(vault / "Meetings" / (name + ".md"), "---\ndate: " + name.substr(0, 10) + "\ncustomer: \"[[" +
                                                        customer + "]]\"\n---\n\n# " + name +
                                                        "\n\n## Notes\n\n" + notes);
  };
  const char* other[] = {"invoice portal", "badge readers", "parking permits",
                         "print quotas",   "desk booking",  "visitor wifi"};
  for (int i = 0; i < 6; ++i)
    meeting("2026-01-0" + std::to_string(i + 1) + " Globex weekly", "Globex",
            std::string("- The storage migration is on track.\n- We reviewed the storage migration plan.\n") +
                "- The " + other[i] + " came up.\n- The " + other[i] + " needs an owner.\n");
  meeting("2026-01-20 Acme plant visit", "Acme",
          "- The storage migration is on track.\n- The cooling retrofit starts in spring.\n"
          "- The chiller replacement is budgeted.\n- We walked through the storage migration.\n"
          "- The cooling retrofit needs a crane.\n- The chiller replacement comes first.\n");
}

TEST(RunChunksTopics, TopicsAreWeighedAcrossEveryChunk) {
  TempDir tmp;
  fs::path whole = tmp.path() / "whole", chunked = tmp.path() / "chunked";
  write_weekly_vault(whole);
  write_weekly_vault(chunked);
  run(whole, RunOptions().meetings_per_chunk, RunOptions().spill_memory_bytes);
  run(chunked, 1, 1);
  std::string acme = read_text(chunked / "Customers/Acme.md");
  EXPECT_EQ(acme, read_text(whole / "Customers/Acme.md"));
  size_t at = acme.find("## Topics / Themes\n\n");
  ASSERT_NE(at, std::string::npos) << acme;
  std::string topics = casefold(acme.substr(at, acme.find('\n', at + 20) - at));
  EXPECT_NE(topics.find("cooling retrofit"), std::string::npos) << acme;
  EXPECT_EQ(topics.find("storage migration"), std::string::npos) << acme;
}

}  // namespace
