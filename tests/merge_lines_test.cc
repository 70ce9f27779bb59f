#include "pipeline/merge_lines.h"

#include <gtest/gtest.h>

namespace dossier {
namespace {

TEST(MergeLinesTest, ItemLinesPerKind) {
  EXPECT_EQ(item_line(ItemKind::decision, "✅ Ship  it", "M"), "- ✅ Ship it ([[M]])");
  EXPECT_EQ(item_line(ItemKind::opportunity, "signal: more racks", "M"), "- signal: more racks ([[M]])");
  EXPECT_EQ(item_line(ItemKind::opportunity, "More racks", "M"), "- Signal: More racks ([[M]])");
  EXPECT_EQ(item_line(ItemKind::next_step, "Call\nback", "M"), "- [ ] Call back ([[M]])");
  EXPECT_EQ(item_line(ItemKind::contact, "Jo, CISO", "M"), "- Jo, CISO ([[M]])");
}

TEST(MergeLinesTest, RecentContextLine) {
  EXPECT_EQ(recent_context_line("2025-01-02", "M", "Did x", "Jo"), "- 2025-01-02: [[M]] - Did x (via Jo)");
  EXPECT_EQ(recent_context_line("", "M", "Did x", " "), "- [[M]] - Did x");
}

TEST(MergeLinesTest, ProvenanceGainsLinks) {
  EXPECT_EQ(add_provenance("- x ([[A]])", "B"), "- x ([[A]], [[B]])");
  EXPECT_EQ(add_provenance("- x ([[A]], [[B]])  ", "C"), "- x ([[A]], [[B]], [[C]])  ");
  EXPECT_EQ(add_provenance("- x (see notes)  ", "B"), "- x (see notes) ([[B]])");
  EXPECT_TRUE(links_to("- x ([[a/M|alias]])", "m"));
  EXPECT_TRUE(links_to("- x [[M#Heading]]", "M"));
  EXPECT_FALSE(links_to("- x [[Mo]]", "M"));
  // A link written with the file's extension, or to a block of it, is a link to it too.
  EXPECT_TRUE(links_to("- x ([[2025-11-02 Sync.md]])", "2025-11-02 Sync"));
  EXPECT_TRUE(links_to("- x [[Meetings/M.md#^a1b2]]", "M"));
}

TEST(MergeLinesTest, LeadingDatesAndFences) {
  EXPECT_EQ(leading_date("- 2025-01-02: [[M]]"), "2025-01-02");
  EXPECT_EQ(leading_date("2025-01-02: [[M]]"), "");
  EXPECT_EQ(leading_date("- 2025-1-02"), "");
  // A longer run closes a fence; another marker inside a fence is text.
  EXPECT_EQ(fenced_lines(std::vector<std::string>{"a", "```dataview", "x", "````", "b", "~~~", "```", "y"}),
            (std::vector<bool>{false, true, true, true, false, true, true, true}));
}

TEST(MergeLinesTest, BatchedReplaceAndInsertKeepLineEndings) {
  Note note = parse_note("n.md", "## A\r\n- one\r\n- two\n- three");
  replace_body_lines(note.sections[1], {{0, "- 1"}, {2, "- 3"}, {9, "- ignored"}});
  EXPECT_EQ(render_note(note), "## A\r\n- 1\r\n- two\n- 3");
  insert_body_lines(note.sections[1], 3, {"- four"}, "\r\n");
  EXPECT_EQ(render_note(note), "## A\r\n- 1\r\n- two\n- 3\r\n- four\r\n");
  insert_body_lines(note.sections[1], 0, {"- zero"}, "\n");
  EXPECT_EQ(render_note(note), "## A\r\n- zero\n- 1\r\n- two\n- 3\r\n- four\r\n");
}

TEST(MergeLinesTest, LastUpdatedLineVariants) {
  Note note =
      parse_note("n.md", "# T\n\n---\n*Last updated: *\n\n## B\n---\n\n  *Last updated*tail (see: x)\n");
  EXPECT_TRUE(set_last_updated(note, "2026-02-01"));
  EXPECT_EQ(render_note(note),
            "# T\n\n---\n*Last updated: *\n\n## B\n---\n\n  *Last updated: 2026-02-01*tail (see: x)\n");
  EXPECT_FALSE(set_last_updated(note, "2026-02-01"));
  Note none = parse_note("n.md", "# T\nLast updated: x\n");
  EXPECT_FALSE(set_last_updated(none, "2026-02-01"));
  EXPECT_EQ(render_note(none), "# T\nLast updated: x\n");
  // Without the rule, or with more than a date, the line is the user's.
  for (const char* users :
       {"# T\n*Last updated: 2024-05-01*\n", "# T\n---\n*Last updated: 2024-05-01 (Jane)* x\n"}) {
    Note note_of_user = parse_note("n.md", users);
    EXPECT_FALSE(set_last_updated(note_of_user, "2026-02-01")) << users;
    EXPECT_EQ(render_note(note_of_user), users);
  }
}

}  // namespace
}  // namespace dossier
