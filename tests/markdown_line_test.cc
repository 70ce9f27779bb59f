// The Markdown line grammar (vault/markdown_line.h), and the merge's use of
// it: a line of inline code must not hide the note below it from dedupe.
#include "vault/markdown_line.h"

#include <gtest/gtest.h>

#include "tests/merge_test_util.h"

using namespace dossier;

TEST(MarkdownLine, FencesFollowCommonMark) {
  EXPECT_TRUE(fence_of("```"));
  EXPECT_TRUE(fence_of("```cpp"));
  EXPECT_TRUE(fence_of("  ~~~~ yaml\n"));
  EXPECT_TRUE(fence_of("- item text?") == std::nullopt);
  EXPECT_FALSE(fence_of("``"));
  EXPECT_FALSE(fence_of("```x``` is inline code"));  // a backtick fence's info has no backtick
  EXPECT_TRUE(fence_of("~~~ a `tilde` fence may"));
  Fence open = *fence_of("````");
  EXPECT_EQ(open.length, 4u);
  EXPECT_FALSE(closes_fence("```", open));  // shorter than the opening run
  EXPECT_TRUE(closes_fence("`````", open));
  EXPECT_FALSE(closes_fence("```` text", open));
  EXPECT_FALSE(closes_fence("~~~~", open));
}

TEST(MarkdownLine, FencedLinesIncludeTheFencesAndRunToTheEndWhenOpen) {
  std::vector<std::string_view> lines{"a", "```", "code", "```", "b", "~~~", "open"};
  EXPECT_EQ(fenced_lines(lines), (std::vector<bool>{false, true, true, true, false, true, true}));
  std::vector<std::string_view> inline_code{"```x``` inline", "- a fact"};
  EXPECT_EQ(fenced_lines(inline_code), (std::vector<bool>{false, false}));
}

// The live bug: a user's line starting with inline code made the merge take
// everything below it for a code block, so dedupe did not see a fact that was
// already there and wrote it a second time.
TEST(MarkdownLine, InlineCodeDoesNotHideTheNoteFromDedupe) {
  const std::string note =
      "# Northwind\n\n## Key Facts\n\n```cfg``` is their config format.\n"
      "- Runs two data centres in Lisbon ([[2025-11-02 Sync]])\n";
  Meeting review = merge_test::make_meeting("2025-12-01 Review", "2025-12-01");
  NoteMemory memory;
  Item fact = merge_test::make_item(ItemKind::fact, "Runs two data centres in Lisbon");
  merge_test::Merged result = merge_test::merged(note, {merge_test::at(review, {fact})}, memory);
  size_t first = result.text.find("Runs two data centres in Lisbon");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(result.text.find("Runs two data centres in Lisbon", first + 1), std::string::npos) << result.text;
  EXPECT_EQ(result.stats.items_added, 0);
}

TEST(MarkdownLine, AtxHeadingsFollowCommonMark) {
  auto heading = heading_of("## Key Facts\n");
  ASSERT_TRUE(heading);
  EXPECT_EQ(heading->level, 2);
  EXPECT_EQ(heading->title, "Key Facts");
  EXPECT_EQ(heading_of("   # Three spaces in")->title, "Three spaces in");
  EXPECT_FALSE(heading_of("    # Four spaces in is code"));
  EXPECT_FALSE(heading_of("#tag is no heading"));
  EXPECT_FALSE(heading_of("####### seven is too many"));
  EXPECT_EQ(heading_of("### Risks ###")->title, "Risks");      // closing run dropped
  EXPECT_EQ(heading_of("# Release C#")->title, "Release C#");  // no blank before it: text
  EXPECT_EQ(heading_of("#\tTabbed")->title, "Tabbed");
  EXPECT_EQ(heading_of("#")->title, "");
  EXPECT_EQ(heading_of("## ###")->title, "");  // only a closing run: an empty heading
  EXPECT_FALSE(heading_of("- # in a list"));
}

TEST(MarkdownLine, ThematicBreaks) {
  EXPECT_TRUE(is_thematic_break("---"));
  EXPECT_TRUE(is_thematic_break(" * * *\n"));
  EXPECT_TRUE(is_thematic_break("___"));
  EXPECT_FALSE(is_thematic_break("--"));
  EXPECT_FALSE(is_thematic_break("- - x"));
  EXPECT_FALSE(is_thematic_break("    ---"));  // indented code
}

TEST(MarkdownLine, ListMarkersFollowCommonMark) {
  for (std::string_view line :
       {"- text", "* text", "+ text", "1. text", "1) text", "123456789. text", "-\ttext"}) {
    std::optional<ListItem> item = list_item_of(line);
    ASSERT_TRUE(item) << line;
    EXPECT_EQ(item->text, "text") << line;
    EXPECT_FALSE(item->is_task()) << line;
  }
  EXPECT_EQ(list_item_of("2) x")->marker, ')');
  EXPECT_EQ(list_item_of("* x")->marker, '*');
  EXPECT_FALSE(list_item_of("1234567890. ten digits is too many"));
  EXPECT_FALSE(list_item_of("-text"));
  EXPECT_FALSE(list_item_of("**bold**"));
  EXPECT_FALSE(list_item_of("1.5 TB"));
  EXPECT_FALSE(list_item_of("2025-01-02: a date"));
  EXPECT_FALSE(list_item_of("- - -"));     // a thematic break wins
  EXPECT_EQ(list_item_of("-")->text, "");  // an empty item
  EXPECT_EQ(list_item_of("   - three spaces")->indent, 3);
  // Four columns in, outside a list, is indented code; under an item it nests.
  EXPECT_FALSE(list_item_of("    - code"));
  EXPECT_FALSE(list_item_of("\t- code"));
  EXPECT_EQ(list_item_of("    - nested", true)->text, "nested");
  EXPECT_EQ(list_item_of("- nested", true, 4)->indent, 4);
  EXPECT_FALSE(list_item_of("- taken off", false, 4));
}

TEST(MarkdownLine, TaskStates) {
  std::optional<ListItem> open = list_item_of("- [ ] call Bob");
  ASSERT_TRUE(open);
  EXPECT_TRUE(open->is_open_task());
  EXPECT_EQ(open->text, "call Bob");
  EXPECT_TRUE(list_item_of("- [x] done")->is_done());
  EXPECT_TRUE(list_item_of("* [X] done")->is_done());
  EXPECT_TRUE(list_item_of("1. [x] ordered")->is_done());
  std::optional<ListItem> cancelled = list_item_of("- [-] cancelled");
  EXPECT_TRUE(cancelled->is_task());
  EXPECT_EQ(cancelled->task, '-');
  EXPECT_FALSE(cancelled->is_open_task());
  EXPECT_FALSE(cancelled->is_done());
  EXPECT_EQ(list_item_of("- [/] half")->task, '/');
  EXPECT_FALSE(list_item_of("- [[Jane]] is a link")->is_task());
  EXPECT_FALSE(list_item_of("- [x]done")->is_task());  // the box needs a blank after it
  EXPECT_TRUE(list_item_of("- [ ]")->is_task());
}

TEST(MarkdownLine, StripListMarkerTakesAnyDepthAndQuotes) {
  EXPECT_EQ(strip_list_marker("      - [x] deep\r\n"), "deep");
  EXPECT_EQ(strip_list_marker("> > 3) quoted"), "quoted");
  EXPECT_EQ(strip_list_marker("[ ] a bare box"), "a bare box");
  EXPECT_EQ(strip_list_marker("  plain text  "), "plain text");
}

TEST(MarkdownLine, TaskFieldsAtTheEnd) {
  std::string_view line = "- [x] send it ([[M]]) 📅 2026-01-09 ✅ 2026-01-12";
  EXPECT_EQ(line.substr(0, task_fields_start(line)), "- [x] send it ([[M]])");
  EXPECT_EQ(task_fields_start("due 2026-01-09"), std::string_view("due 2026-01-09").size());
}

TEST(MarkdownLine, WikilinksAsTargetHeadingAlias) {
  std::vector<WikiLink> links = wikilinks_of("see [[a#h|b]] and [[Folder/Acme.md]] or [[a#^block1]]");
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].target, "a");
  EXPECT_EQ(links[0].heading, "h");
  EXPECT_EQ(links[0].alias, "b");
  EXPECT_EQ(links[0].display(), "b");
  EXPECT_EQ(links[0].begin, 4u);
  EXPECT_EQ(links[0].end, 13u);
  EXPECT_EQ(links[1].target, "Folder/Acme.md");
  EXPECT_EQ(links[1].name(), "Acme");
  EXPECT_FALSE(links[1].has_alias);
  EXPECT_EQ(links[1].display(), "Folder/Acme.md");
  EXPECT_EQ(links[2].name(), "a");
  EXPECT_EQ(links[2].block, "block1");
  EXPECT_EQ(links[2].heading, "");
  EXPECT_EQ(wikilinks_of("[[a [[b]]").at(0).name(), "b");  // links do not nest
  EXPECT_TRUE(wikilinks_of("[[open").empty());
  EXPECT_EQ(wikilink_targets("[[a/B.md|c]], [[ D ]]"), (std::vector<std::string>{"b", "d"}));
  EXPECT_EQ(strip_wikilink(" [[Jane Doe|Jane]] "), "Jane Doe");
  EXPECT_EQ(strip_wikilink("[[Acme.md#Q3]]"), "Acme");
  EXPECT_EQ(strip_wikilink("**Jane**"), "Jane");
  EXPECT_EQ(leading_wikilink("[[Jane]] (CTO)")->end, 8u);
  EXPECT_FALSE(leading_wikilink("Jane [[Acme]]"));
}

TEST(MarkdownLine, IsoDates) {
  EXPECT_TRUE(is_iso_date("2025-01-02"));
  EXPECT_FALSE(is_iso_date("2025-1-02"));
  EXPECT_FALSE(is_iso_date("2025-01-02T"));
  EXPECT_FALSE(is_iso_date("2025/01/02"));
  EXPECT_EQ(leading_date("- 2025-01-02: [[M]] - summary"), "2025-01-02");
  EXPECT_EQ(leading_date("* 2025-01-02"), "2025-01-02");
  EXPECT_EQ(leading_date("2025-01-02 not a list item"), "");
}

TEST(MarkdownLine, PlaceholderAndFooterLines) {
  EXPECT_TRUE(is_placeholder_line("_No known blockers._"));
  EXPECT_FALSE(is_placeholder_line("_a_ and _b_"));
  EXPECT_FALSE(is_placeholder_line("___"));
  Placeholders known{"_No known blockers._"};
  EXPECT_TRUE(is_placeholder_line("  _No known blockers._\n", known));
  EXPECT_FALSE(is_placeholder_line("_Something the user wrote._", known));
  std::vector<std::string> lines{"## Notes\n", "- a\n", "---\n", "\n", "*Last updated: 2025-01-02*\n"};
  EXPECT_EQ(footer_start(lines, 1), 2u);
  EXPECT_FALSE(footer_start({"---\n", "- a\n"}, 0));
  EXPECT_TRUE(is_entry_line("- a fact", known));
  EXPECT_FALSE(is_entry_line("  ", known));
  EXPECT_FALSE(is_entry_line("---", known));
  EXPECT_FALSE(is_entry_line("*Last updated: 2025-01-02*", known));
  EXPECT_FALSE(is_entry_line("_No known blockers._", known));
}
