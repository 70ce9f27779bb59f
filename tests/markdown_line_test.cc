// The Markdown line grammar (vault/markdown_line.h), and the merge's use of
// it: a line of inline code must not hide the note below it from dedupe.
#include "vault/markdown_line.h"

#include <gtest/gtest.h>

#include "tests/merge_test_util.h"

using namespace dossier;
using namespace dossier::merge_test;

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
  Meeting review = make_meeting("2025-12-01 Review", "2025-12-01");
  NoteMemory memory;
  Merged result = merged(note, {at(review, {make_item(ItemKind::fact, "Runs two data centres in Lisbon")})}, memory);
  size_t first = result.text.find("Runs two data centres in Lisbon");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(result.text.find("Runs two data centres in Lisbon", first + 1), std::string::npos) << result.text;
  EXPECT_EQ(result.stats.items_added, 0);
}
