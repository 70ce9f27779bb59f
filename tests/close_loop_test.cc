#include "pipeline/close_loop.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "pipeline/merge.h"
#include "tests/merge_test_util.h"

namespace dossier {
namespace {

using namespace merge_test;

const char kTask[] = "- [ ] Send the roadmap to Jane ([[2025-11-02 Sync]])";
const char kBlocker[] = "- Waiting on legal review of the MSA ([[2025-11-02 Sync]])";

std::string note_with(const std::string& task, const std::string& blocker = kBlocker) {
  return "---\ntype: customer\n---\n\n# Northwind\n\n## Current Blockers\n\n" + blocker +
         "\n\n## Next Steps\n\n" + task + "\n\n## Recent Context\n\n";
}

Meeting later(const std::string& body, const std::string& name = "2025-12-01 Review") {
  Meeting m = make_meeting(name, name.substr(0, 10));
  m.note = parse_note(m.path, "---\ndate: " + m.date + "\n---\n# Review\n\n## Notes\n\n" + body + "\n");
  return m;
}

// What the merge of `meeting_body` makes of the task and blocker lines
// dossier wrote.
std::string after(const std::string& meeting_body, const std::string& task = kTask,
                  std::vector<Item> items = {}) {
  NoteMemory memory;
  memory.own_lines = {task, kBlocker};
  Meeting m = later(meeting_body);
  return merged(note_with(task), {at(m, std::move(items))}, memory).text;
}

bool ticked(const std::string& text) { return text.find("- [x] ") != std::string::npos; }

TEST(CloseLoop, OpenTasksAreListItemsWithAnOpenBox) {
  EXPECT_TRUE(is_open_task("- [ ] call Bob\n"));
  EXPECT_TRUE(is_open_task("  1. [ ] numbered"));
  EXPECT_FALSE(is_open_task("- [x] call Bob"));
  EXPECT_FALSE(is_open_task("- [-] cancelled"));
  EXPECT_FALSE(is_open_task("- [ ]"));
  EXPECT_FALSE(is_open_task("[ ] no list item"));
}

TEST(CloseLoop, PastTenseReportTicksTheTaskWithTheClosingMeeting) {
  std::string text = after("- sent the roadmap over to Jane");
  EXPECT_NE(
      text.find("- [x] Send the roadmap to Jane ([[2025-11-02 Sync]], [[2025-12-01 Review]]) ✅ 2025-12-01\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find(kBlocker), std::string::npos);  // the blocker is another matter
}

TEST(CloseLoop, EventHappenedTicksTheTaskThatArrangedIt) {
  const std::string task = "- [ ] Schedule deep dive with their infra team ([[2025-11-02 Sync]])";
  EXPECT_TRUE(ticked(after("The deep dive happened, good turnout.", task)));
}

TEST(CloseLoop, DoneMarkerAndTickedBulletClose) {
  EXPECT_TRUE(ticked(after("- Done: roadmap to Jane")));
  EXPECT_TRUE(ticked(after("- [x] send roadmap to Jane")));
  const std::string task = "- [ ] Book the onsite workshop ([[2025-11-02 Sync]])";
  EXPECT_TRUE(ticked(after("- Booked the onsite workshop, agenda to follow.", task)));
}

TEST(CloseLoop, DoneMarkerUnderActionItemsIsNotANewOpenTask) {
  Item item = make_item(ItemKind::next_step, "Done: roadmap to Jane");
  item.line = 8;  // "- Done: ..." in the meeting below
  std::string text = after("- Done: roadmap to Jane", kTask, {item});
  EXPECT_TRUE(ticked(text));
  EXPECT_EQ(text.find("- [ ] Done"), std::string::npos) << text;
}

TEST(CloseLoop, NearMissesTickNothing) {
  for (const char* body : {
           "- sent the pricing sheet to Jane",          // another object
           "- Bob sent the roadmap",                    // another owner (Bob not in the task)
           "- didn't send the roadmap yet",             // negation
           "- roadmap not sent to Jane",                // negation
           "- will send the roadmap to Jane tomorrow",  // future
           "- we'll send the roadmap to Jane",          // future
           "- Jane is going to send the roadmap",       // future
           "- did we send the roadmap to Jane?",        // question
           "- discussed the roadmap with Jane",         // another verb
           "- [ ] send the roadmap to Jane",            // still open
       }) {
    EXPECT_FALSE(ticked(after(body))) << body;
  }
  const std::string q3 = "- [ ] Send Q3 forecast to Jane ([[2025-11-02 Sync]])";
  EXPECT_FALSE(ticked(after("- sent the Q4 forecast to Jane", q3)));  // another number
  EXPECT_FALSE(ticked(after("- sent the forecast to Jane", q3)));     // which quarter?
  EXPECT_TRUE(ticked(after("- sent the Q3 forecast to Jane", q3)));
  const std::string owned = "- [ ] Jane to send the roadmap ([[2025-11-02 Sync]])";
  EXPECT_FALSE(ticked(after("- Bob sent the roadmap", owned)));
  EXPECT_TRUE(ticked(after("- Jane sent the roadmap", owned)));
}

TEST(CloseLoop, AmbiguousReportTicksNothing) {
  NoteMemory memory;
  const std::string a = "- [ ] Send the roadmap ([[2025-11-02 Sync]])";
  const std::string b = "- [ ] Send roadmap ([[2025-11-03 Call]])";
  memory.own_lines = {a, b};
  Meeting m = later("- sent the roadmap");
  std::string text = merged(note_with(a + "\n" + b), {at(m)}, memory).text;
  EXPECT_FALSE(ticked(text)) << text;
}

TEST(CloseLoop, UserLinesAndOlderMeetingsAreLeftAlone) {
  NoteMemory memory;  // dossier did not write the task: the user did
  Meeting m = later("- sent the roadmap to Jane");
  std::string before = note_with(kTask);
  EXPECT_FALSE(ticked(merged(before, {at(m)}, memory).text));
  // A meeting older than the task's does not report it done.
  NoteMemory ours;
  ours.own_lines = {kTask};
  Meeting old = later("- sent the roadmap to Jane", "2025-10-01 Kickoff");
  EXPECT_FALSE(ticked(merged(before, {at(old)}, ours).text));
}

TEST(CloseLoop, ResolvedBlockerIsStruckAndDated) {
  std::string text = after("- Legal review of the MSA resolved last week");
  EXPECT_NE(text.find("- ~~Waiting on legal review of the MSA ([[2025-11-02 Sync]])~~ (resolved 2025-12-01 "
                      "[[2025-12-01 Review]])\n"),
            std::string::npos)
      << text;
  EXPECT_FALSE(ticked(text));
  EXPECT_NE(after("- firewall issue resolved").find(kBlocker), std::string::npos);  // another blocker
  EXPECT_NE(after("- legal review of the MSA not resolved yet").find(kBlocker), std::string::npos);
}

TEST(CloseLoop, SecondRunChangesNothing) {
  NoteMemory memory;
  memory.own_lines = {kTask, kBlocker};
  Meeting m = later("- sent the roadmap to Jane\n- Resolved: legal review of the MSA");
  Merged first = merged(note_with(kTask), {at(m)}, memory);
  ASSERT_TRUE(ticked(first.text));
  ASSERT_NE(first.text.find("~~Waiting on legal"), std::string::npos);
  Merged second = merged(first.text, {at(m)}, memory);
  EXPECT_EQ(second.text, first.text);
  EXPECT_FALSE(second.stats.changed);
}

// Random task and blocker lines over few words, so that reports often match
// one line, several or none.
std::string random_line(std::mt19937& random) {
  static const char* owners[] = {"", "Jane to ", "Bob will "};
  static const char* verbs[] = {"send", "book", "schedule", "share", "review"};
  static const char* things[] = {"the roadmap",     "pricing sheet",   "the Q3 forecast",
                                 "the Q4 forecast", "onsite workshop", "demo"};
  static const char* tails[] = {"", " to Jane", " for Bob"};
  static const char* links[] = {"[[2025-11-02 Sync]]", "[[2025-11-20 Call]]", "[[2025-12-20 Later]]"};
  std::string what = std::string(verbs[random() % 5]) + " " + things[random() % 6] + tails[random() % 3];
  std::string link = links[random() % 3];
  switch (random() % 4) {
    case 0:
      return "- Waiting on " + std::string(things[random() % 6]) + " approval (" + link + ")";
    case 1:
      return "- [x] " + what + " (" + link + ")";
    default:
      return "- [ ] " + std::string(owners[random() % 3]) + what + " (" + link + ")";
  }
}

std::string random_report(std::mt19937& random) {
  static const char* said[] = {"- sent ",         "- booked ", "- scheduled ", "- shared ",
                               "- Bob reviewed ", "- Done: ",  "- [x] send "};
  static const char* things[] = {"the roadmap",  "pricing sheet",       "the Q3 forecast",
                                 "the forecast", "the onsite workshop", "demo"};
  static const char* tails[] = {"", " to Jane", " for Bob", ", all good"};
  if (random() % 4 == 0) return "- " + std::string(things[random() % 6]) + " approval resolved";
  return said[random() % 7] + std::string(things[random() % 6]) + tails[random() % 4];
}

// What close_lines() does over the lines `eligible` accepts, done through
// the index over every line.
TEST(CloseIndex, AgreesWithAScanOfTheEligibleLines) {
  std::mt19937 random(11);
  auto eligible = [](size_t id) { return id % 7 != 3; };  // as lines the user edited are not
  CloseIndex index;
  std::vector<std::string> lines;
  size_t closed = 0;
  for (size_t round = 0; round < 400; ++round) {
    for (int n = 0; n < 3; ++n) {
      lines.push_back(random_line(random));
      index.set(lines.size() - 1, lines.back());
    }
    int day = 1 + static_cast<int>(random() % 28);
    std::string date = "2025-12-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
    std::string name = date + " Review";
    std::string body = random_report(random) + "\n" + random_report(random);
    std::vector<ClosingReport> reports = closing_reports(later(body, name));
    for (auto kind : {ClosingReport::Kind::done, ClosingReport::Kind::resolved}) {
      std::vector<size_t> ids;
      std::vector<std::string> scanned;
      for (size_t id = 0; id < lines.size(); ++id)
        if (eligible(id)) ids.push_back(id), scanned.push_back(lines[id]);
      std::vector<size_t> expected;
      for (size_t i : close_lines(reports, kind, {}, scanned, name, date)) expected.push_back(ids[i]);
      std::vector<size_t> got;
      for (const ClosingReport& report : reports) {
        if (!closes_in(report, kind, {})) continue;
        std::optional<size_t> id = index.find(report, name, date, eligible);
        if (!id) continue;
        lines[*id] = closed_line(index.text(*id), kind, name, date);
        index.set(*id, lines[*id]);
        got.push_back(*id);
      }
      ASSERT_EQ(got, expected) << body;
      for (size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(lines[ids[i]], scanned[i]);
      closed += got.size();
    }
  }
  EXPECT_GT(closed, 40u);  // the test closes lines, not only refuses
}

// A long section: each report is compared with the few lines that hold its
// rarest word, not with every line.
TEST(CloseIndex, LongSectionLookupsCompareFewLines) {
  CloseIndex index;
  constexpr size_t kLines = 5000, kReports = 200;
  for (size_t i = 0; i < kLines; ++i)
    index.set(i, "- [ ] Send the report " + std::to_string(i) + " to Jane ([[2025-11-02 Sync]])");
  size_t found = 0;
  for (size_t i = 0; i < kReports; ++i) {
    Meeting m = later("- sent the report " + std::to_string(i * 25) + " to Jane");
    for (const ClosingReport& report : closing_reports(m))
      found += index.find(report, m.name, m.date, [](size_t) { return true; }) == i * 25;
  }
  EXPECT_EQ(found, kReports);
  EXPECT_LT(index.comparisons(), kReports * kLines / 50);  // a scan: kReports * kLines
}

}  // namespace
}  // namespace dossier
