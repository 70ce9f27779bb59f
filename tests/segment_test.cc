#include "extractors/segment.h"

#include <gtest/gtest.h>

#include "vault/meeting.h"
#include "vault/note.h"

namespace dossier {
namespace {

Meeting meeting_of(const std::string& path, const std::string& text) {
  return read_meeting(parse_note(path, text), path);
}

const Block* block_at(const std::vector<Block>& blocks, int line) {
  for (const Block& b : blocks)
    if (b.line == line) return &b;
  return nullptr;
}

TEST(SegmentMarkdown, BlocksKeepFileLinesAfterFrontmatter) {
  Meeting m = meeting_of("Meetings/a.md",
                         "---\ndate: 2025-01-02\n---\n# Title\n\n## Decisions\n- Go with X\n"
                         "  1. numbered\n+ plus\n- [ ] open task\n- [x] done task\n\nA paragraph.\n");
  std::vector<Block> blocks = segment_meeting(m);
  ASSERT_NE(block_at(blocks, 4), nullptr);
  EXPECT_EQ(block_at(blocks, 4)->kind, BlockKind::heading);
  const Block* bullet = block_at(blocks, 7);
  ASSERT_NE(bullet, nullptr);
  EXPECT_EQ(bullet->kind, BlockKind::bullet);
  EXPECT_EQ(bullet->text, "Go with X");
  EXPECT_EQ(bullet->heading, "Decisions");
  EXPECT_EQ(bullet->heading_level, 2);
  EXPECT_EQ(block_at(blocks, 8)->text, "numbered");
  EXPECT_EQ(block_at(blocks, 8)->indent, 2);
  EXPECT_EQ(block_at(blocks, 9)->text, "plus");
  EXPECT_EQ(block_at(blocks, 10)->kind, BlockKind::task);
  EXPECT_FALSE(block_at(blocks, 10)->done);
  EXPECT_EQ(block_at(blocks, 10)->text, "open task");
  EXPECT_TRUE(block_at(blocks, 11)->done);
  EXPECT_EQ(block_at(blocks, 13)->kind, BlockKind::paragraph);
}

// CommonMark: four columns in, outside a list, is no list item and no heading;
// under a list item the same line nests in it.
TEST(SegmentMarkdown, FourSpacesInNestOnlyUnderAListItem) {
  std::vector<Block> blocks =
      segment_markdown("A paragraph.\n\n    - not an item\n    # not a heading\n\n- item\n    - nested\n", 1);
  for (const Block& b : blocks) EXPECT_NE(b.kind, BlockKind::heading) << b.text;
  ASSERT_NE(block_at(blocks, 3), nullptr);
  EXPECT_EQ(block_at(blocks, 3)->kind, BlockKind::paragraph);
  ASSERT_NE(block_at(blocks, 7), nullptr);
  EXPECT_EQ(block_at(blocks, 7)->kind, BlockKind::bullet);
  EXPECT_EQ(block_at(blocks, 7)->text, "nested");
  EXPECT_EQ(block_at(blocks, 7)->indent, 4);
}

TEST(SegmentMarkdown, CrlfAndBomKeepLineNumbers) {
  Meeting m = meeting_of("a.md", "\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\n\r\n- one\r\n- two\r\n");
  std::vector<Block> blocks = segment_meeting(m);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].line, 5);
  EXPECT_EQ(blocks[0].text, "one");
  EXPECT_EQ(blocks[1].line, 6);
}

TEST(SegmentMarkdown, FencedCodeIsOneCodeBlockAndHidesHeadings) {
  std::vector<Block> blocks = segment_markdown("```python\n# not a heading\nx = 1\n```\n- after\n", 1);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].kind, BlockKind::code);
  EXPECT_TRUE(blocks[0].in_code);
  EXPECT_EQ(blocks[0].line, 1);
  EXPECT_EQ(blocks[0].end_line, 4);
  EXPECT_EQ(blocks[1].line, 5);
  EXPECT_EQ(blocks[1].heading, "");
}

TEST(SegmentMarkdown, InlineCodeIsMaskedWithSameLength) {
  std::vector<Block> blocks = segment_markdown("Use `lambda x: x` here\n", 1);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].masked.size(), blocks[0].text.size());
  EXPECT_EQ(blocks[0].masked.find("lambda"), std::string::npos);
  EXPECT_EQ(mask_code_spans("a ``b ` c`` d"), "a" + std::string(11, ' ') + "d");
  EXPECT_EQ(mask_code_spans("unclosed `tick"), "unclosed `tick");
}

TEST(SegmentMarkdown, TranscriptTurnFormats) {
  std::vector<Block> blocks = segment_markdown(
      "Jane Doe: we decided\n**Bob:** bold colon inside\n**Zoë Álvarez**: colon outside\n"
      "[00:12:31] Ken Ishida: stamped\n00:12 Speaker 2: short stamp\n",
      10);
  ASSERT_EQ(blocks.size(), 5u);
  for (const Block& b : blocks) EXPECT_EQ(b.kind, BlockKind::turn) << b.text;
  EXPECT_EQ(blocks[0].speaker, "Jane Doe");
  EXPECT_EQ(blocks[0].text, "we decided");
  EXPECT_EQ(blocks[0].line, 10);
  EXPECT_EQ(blocks[1].speaker, "Bob");
  EXPECT_EQ(blocks[1].text, "bold colon inside");
  EXPECT_EQ(blocks[2].speaker, "Zoë Álvarez");
  EXPECT_EQ(blocks[3].speaker, "Ken Ishida");
  EXPECT_EQ(blocks[3].text, "stamped");
  EXPECT_EQ(blocks[4].speaker, "Speaker 2");
}

TEST(SegmentMarkdown, MarkersLabelsAndUrlsAreNotSpeakers) {
  SegmentOptions options;
  options.starts_with_marker = [](std::string_view t) { return t.substr(0, 9) == "Decision:"; };
  std::vector<Block> blocks = segment_markdown(
      "Decision: go with X\nNote: remember this\nhttps://example.com: link\nthe team: lower case\n", 1,
      options);
  for (const Block& b : blocks) EXPECT_NE(b.kind, BlockKind::turn) << b.text;
  EXPECT_FALSE(parse_turn_start("Owner: Jane").has_value());
  EXPECT_FALSE(parse_turn_start("10:30 meeting moved").has_value());
  EXPECT_FALSE(parse_turn_start("Five Words Is Too Many: x").has_value());
}

TEST(SegmentMarkdown, ContinuationLines) {
  std::vector<Block> blocks = segment_markdown(
      "Jane: first line\nstill Jane\n- bullet\n  wrapped under it\nA paragraph\ncontinued lower\nNew line.\n",
      1);
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[0].text, "first line\nstill Jane");
  EXPECT_EQ(blocks[0].end_line, 2);
  EXPECT_EQ(blocks[1].text, "bullet\nwrapped under it");
  EXPECT_EQ(blocks[2].text, "A paragraph\ncontinued lower");
  EXPECT_EQ(blocks[3].line, 7);
}

TEST(SegmentMarkdown, PseudoHeadingScopesFollowingBullets) {
  std::vector<Block> blocks = segment_markdown("## Call\n**Decisions:**\n- go\n\nLater text.\n", 1);
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[1].kind, BlockKind::heading);
  EXPECT_EQ(blocks[2].heading, "Decisions");
  EXPECT_EQ(blocks[2].heading_level, 7);
  EXPECT_EQ(blocks[3].heading, "Call");  // a new paragraph ends the label's scope
}

TEST(SegmentWebVtt, CuesBecomeTurnsOnTheirTextLine) {
  Meeting m = meeting_of("Meetings/call.vtt",
                         "WEBVTT\n\nNOTE recorded\nby Teams\n\n1\n00:00:01.000 --> 00:00:04.000\n"
                         "<v Zoë Álvarez>We agreed on it.</v>\n\n00:00:05.000 --> 00:00:08.000\n"
                         "<v.loud Bob>Fine.\nSecond line.\n");
  std::vector<Block> blocks = segment_meeting(m);
  // A wrapped cue is one turn: its second line continues the sentence.
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].line, 8);
  EXPECT_EQ(blocks[0].speaker, "Zoë Álvarez");
  EXPECT_EQ(blocks[0].text, "We agreed on it.");
  EXPECT_EQ(blocks[1].speaker, "Bob");
  EXPECT_EQ(blocks[1].text, "Fine. Second line.");
  EXPECT_EQ(blocks[1].line_at(blocks[1].text.find("Second")), 12);
}

TEST(SplitSentences, AbbreviationsNumbersAndLines) {
  std::string text = "We use e.g. S3 today. Version 4.2.1 shipped! Is it ok?\nNext line\ncontinued here.";
  auto s = split_sentences(text);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(text.substr(s[0].first, s[0].second - s[0].first), "We use e.g. S3 today.");
  EXPECT_EQ(text.substr(s[1].first, s[1].second - s[1].first), "Version 4.2.1 shipped!");
  EXPECT_EQ(text.substr(s[2].first, s[2].second - s[2].first), "Is it ok?");
  EXPECT_EQ(text.substr(s[3].first, s[3].second - s[3].first), "Next line\ncontinued here.");
}

}  // namespace
}  // namespace dossier
