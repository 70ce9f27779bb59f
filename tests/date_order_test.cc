#include "pipeline/date_order.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/merge_test_util.h"

namespace dossier {
namespace {

using namespace merge_test;

TEST(DateOrderTest, UndatedMeetingsSortAfterDatedOnes) {
  EXPECT_EQ(date_order_key("2026-11-17"), "2026-11-17");
  EXPECT_EQ(date_order_key("2026-11-17T10:00"), "2026-11-17");
  EXPECT_LT(date_order_key("2026-11-27"), date_order_key(""));
  EXPECT_LT(date_order_key("2026-11-27"), date_order_key("someday"));
}

TEST(DateOrderTest, ALineSortsByTheEarliestKnownMeetingOfItsProvenance) {
  MeetingDates dates{{"b", "2026-11-27"}, {"a", "2026-11-17"}, {"u", ""}};
  EXPECT_EQ(line_order_key("- x ([[B]], [[A]])", dates), "2026-11-17");
  EXPECT_EQ(line_order_key("- [ ] x ([[B|alias]]) 📅 2026-12-01", dates), "2026-11-27");
  EXPECT_EQ(line_order_key("- x ([[U]])", dates), "~");
  EXPECT_EQ(line_order_key("- x ([[Unknown]])", dates), std::nullopt);
  EXPECT_EQ(line_order_key("- x [[A]] said so", dates), std::nullopt);
}

TEST(DateOrderTest, ANewLineGoesBeforeTheFirstLaterOne) {
  std::vector<std::pair<size_t, std::string>> anchors{{0, "2026-11-10"}, {3, "2026-11-27"}, {4, "~"}};
  EXPECT_EQ(date_position(anchors, "2026-11-17"), 3u);
  EXPECT_EQ(date_position(anchors, "2026-11-27"), 4u);
  EXPECT_EQ(date_position(anchors, "2026-11-01"), 0u);
  EXPECT_EQ(date_position(anchors, "~"), std::nullopt);
}

const char kDateOrderNote[] = R"(# Northwind

## Key Decisions

- Keep the tape library (my own note)
- Move backups to Lisbon ([[Late sync]])
- Ask finance about the budget

## Key Facts

- Runs two data centres ([[Undated chat]])
)";

// An older meeting arriving after a newer one: its line goes above the
// newer meeting's line, below the user's line above it; the user's lines
// do not move; an undated meeting's line goes last.
TEST(DateOrderTest, AnOlderMeetingsLineGoesAboveANewerMeetingsLine) {
  NoteMemory memory;
  memory.own_lines = {"- Move backups to Lisbon ([[Late sync]])",
                      "- Runs two data centres ([[Undated chat]])"};
  MeetingDates dates{{"late sync", "2026-11-27"}, {"undated chat", ""}};
  MergeOptions options = merge_options();
  options.meeting_dates = &dates;
  Meeting early = make_meeting("Early sync", "2026-11-17");
  Meeting none = make_meeting("Another chat", "");
  std::vector<MeetingItems> batch{at(early, {make_item(ItemKind::decision, "Buy a second array for Porto"),
                                             make_item(ItemKind::fact, "Has 40 engineers on call")}),
                                  at(none, {make_item(ItemKind::fact, "Likes green dashboards")})};
  Merged m = merged(kDateOrderNote, batch, memory, options);
  EXPECT_NE(m.text.find("- Keep the tape library (my own note)\n"
                        "- ✅ Buy a second array for Porto ([[Early sync]])\n"
                        "- Move backups to Lisbon ([[Late sync]])\n"
                        "- Ask finance about the budget\n"),
            std::string::npos)
      << m.text;
  EXPECT_NE(m.text.find("- Has 40 engineers on call ([[Early sync]])\n"
                        "- Runs two data centres ([[Undated chat]])\n"
                        "- Likes green dashboards ([[Another chat]])\n"),
            std::string::npos)
      << m.text;
}

// Without known dates (a memory from before dates were kept) a new line
// goes at the end, as it always did.
TEST(DateOrderTest, LinesOfMeetingsOfUnknownDateOrderNothing) {
  NoteMemory memory;
  memory.own_lines = {"- Move backups to Lisbon ([[Late sync]])"};
  Meeting early = make_meeting("Early sync", "2026-11-17");
  Merged m = merged(kDateOrderNote,
                    {at(early, {make_item(ItemKind::decision, "Buy a second array for Porto")})}, memory);
  EXPECT_NE(
      m.text.find("- Ask finance about the budget\n- ✅ Buy a second array for Porto ([[Early sync]])\n"),
      std::string::npos)
      << m.text;
}

}  // namespace
}  // namespace dossier
