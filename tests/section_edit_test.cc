#include "vault/section_edit.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "util/text.h"

namespace dossier {
namespace {

using Lines = std::vector<std::string>;

// The tests' notes come from templates whose placeholders are every italic
// line they hold.
Placeholders italic_lines(std::string_view text) {
  Placeholders known;
  for (std::string_view line : split_lines(text))
    if (is_placeholder_line(line)) known.emplace(trim(line));
  return known;
}

// Appends to the section titled `title` and returns the whole rendered note,
// so every expectation compares all bytes of the file.
std::string appended(std::string_view before, std::string_view title, const Lines& lines) {
  Note note = parse_note("c.md", before);
  Section* section = find_section(note, title);
  EXPECT_NE(section, nullptr) << title;
  if (section) append_lines(*section, lines, note.newline, italic_lines(before));
  return render_note(note);
}

std::string prepended(std::string_view before, std::string_view title, const Lines& lines) {
  Note note = parse_note("c.md", before);
  Section* section = find_section(note, title);
  EXPECT_NE(section, nullptr) << title;
  if (section) prepend_lines(*section, lines, note.newline, italic_lines(before));
  return render_note(note);
}

std::string ensured(std::string_view before, std::string_view title, const Lines& lines = {}) {
  Note note = parse_note("c.md", before);
  Section& section = ensure_section(note, title);
  append_lines(section, lines, note.newline, italic_lines(before));
  return render_note(note);
}

TEST(SectionPlaceholder, RecognisesWholeLineItalics) {
  EXPECT_TRUE(is_placeholder_line("_No known blockers._"));
  EXPECT_TRUE(is_placeholder_line("  _What is next for this account?_  "));
  EXPECT_TRUE(is_placeholder_line("_Brief description..._\r\n"));
  EXPECT_TRUE(is_placeholder_line("_snake_case inside_"));
  EXPECT_FALSE(is_placeholder_line("*Last updated: 2025-12-19*"));
  EXPECT_FALSE(is_placeholder_line("_one_ and _two_"));
  EXPECT_FALSE(is_placeholder_line("- _item_"));
  EXPECT_FALSE(is_placeholder_line("__"));
  EXPECT_FALSE(is_placeholder_line("___"));  // a thematic break
  EXPECT_FALSE(is_placeholder_line("_"));
  EXPECT_FALSE(is_placeholder_line(""));
}

TEST(SectionBody, LinesWithoutEndings) {
  Note note = parse_note("c.md", "intro\r\n## A\r\n\r\n- x \t\r\nlast");
  EXPECT_EQ(section_body_lines(note.sections[0]), (Lines{"intro"}));
  EXPECT_EQ(section_body_lines(note.sections[1]), (Lines{"", "- x \t", "last"}));
  EXPECT_TRUE(section_body_lines(parse_note("c.md", "## A\n").sections[1]).empty());
}

TEST(SectionAppend, AfterLastItemKeepingTrailingBlankLines) {
  EXPECT_EQ(appended("# T\n\n## Key Facts\n\n- one  \n- two\t\n\n\n## Next\n- n\n", "Key Facts",
                     {"- three", "- four"}),
            "# T\n\n## Key Facts\n\n- one  \n- two\t\n- three\n- four\n\n\n## Next\n- n\n");
}

TEST(SectionAppend, ReplacesPlaceholderWhenNoRealContent) {
  EXPECT_EQ(appended("## Current Blockers\n\n_No known blockers._\n\n## Next Steps\n", "Current Blockers",
                     {"- blocker"}),
            "## Current Blockers\n\n- blocker\n\n## Next Steps\n");
  EXPECT_EQ(appended("## A\n\n_one_\n_two_\n", "A", {"- x", "- y"}), "## A\n\n- x\n- y\n_two_\n");
}

TEST(SectionAppend, PlaceholderStaysWhenThereIsContent) {
  EXPECT_EQ(appended("## A\n_hint_\n- real\n\n", "A", {"- more"}), "## A\n_hint_\n- real\n- more\n\n");
}

TEST(SectionAppend, AfterADataviewBlockAtTheEnd) {
  std::string before =
      "## Active Projects\n\n_Which projects are active?_\n\n```dataview\nLIST\nFROM \"Projects\"\n```\n\n\n"
      "## Current Blockers\n";
  EXPECT_EQ(
      appended(before, "Active Projects", {"- Project X"}),
      "## Active Projects\n\n_Which projects are active?_\n\n```dataview\nLIST\nFROM \"Projects\"\n```\n"
      "- Project X\n\n\n## Current Blockers\n");
}

TEST(SectionAppend, EmptyBodyGoesRightAfterTheHeading) {
  EXPECT_EQ(appended("## A\n## B\n", "A", {"- x"}), "## A\n- x\n## B\n");
  // The heading is the last line and has no line ending.
  EXPECT_EQ(appended("intro\n## A", "A", {"- x"}), "intro\n## A\n- x\n");
  EXPECT_EQ(appended("intro\r\n## A", "A", {"- x"}), "intro\r\n## A\r\n- x\r\n");
}

TEST(SectionAppend, BlankOnlyBodyKeepsABlankLineOnEachSide) {
  EXPECT_EQ(appended("## A\n\n## B\n", "A", {"- x"}), "## A\n\n- x\n\n## B\n");
  EXPECT_EQ(appended("## A\n\n\n\n## B\n", "A", {"- x"}), "## A\n\n- x\n\n\n## B\n");
}

TEST(SectionAppend, LastLineWithoutLineEnding) {
  EXPECT_EQ(appended("## A\n- one", "A", {"- two"}), "## A\n- one\n- two\n");
  // A placeholder keeps its (missing) line ending.
  EXPECT_EQ(appended("## A\n_none_", "A", {"- two"}), "## A\n- two");
}

// An italic line that is not one of the template's placeholders is the
// user's: new lines go after it, it is never replaced.
TEST(SectionPlaceholder, OnlyKnownPlaceholdersAreReplaced) {
  Placeholders known{"_No next steps recorded._"};
  Note note = parse_note("c.md",
                         "## Next Steps\n\n_Do not call Maya before March 3._\n\n## Recent Context\n\n"
                         "__Met Maya at the summit.__\n\n## Key Facts\n\n_No next steps recorded._\n");
  append_lines(*find_section(note, "Next Steps"), {"- [ ] Send the quote"}, note.newline, known);
  prepend_lines(*find_section(note, "Recent Context"), {"- 2026-01-05: [[M]]"}, note.newline, known);
  append_lines(*find_section(note, "Key Facts"), {"- fact"}, note.newline, known);
  EXPECT_EQ(
      render_note(note),
      "## Next Steps\n\n_Do not call Maya before March 3._\n- [ ] Send the quote\n\n## Recent Context\n\n"
      "- 2026-01-05: [[M]]\n__Met Maya at the summit.__\n\n## Key Facts\n\n- fact\n");
  EXPECT_TRUE(is_placeholder_line(" _No next steps recorded._\r\n", known));
  EXPECT_FALSE(is_placeholder_line("_Do not call Maya._", known));
}

TEST(SectionAppend, KeepsCrlf) {
  EXPECT_EQ(appended("## A\r\n\r\n- one\r\n\r\n## B\r\n", "A", {"- two"}),
            "## A\r\n\r\n- one\r\n- two\r\n\r\n## B\r\n");
  EXPECT_EQ(appended("## A\r\n\r\n_none_\r\n\r\n", "A", {"- a", "- b"}), "## A\r\n\r\n- a\r\n- b\r\n\r\n");
}

TEST(SectionAppend, StaysAboveTheFooter) {
  std::string before = "## Related People\n\n_Team members..._\n\n\n---\n*Last updated: 2025-12-19*\n";
  EXPECT_EQ(appended(before, "Related People", {"- [[Ana Lima]]"}),
            "## Related People\n\n- [[Ana Lima]]\n\n\n---\n*Last updated: 2025-12-19*\n");
  EXPECT_EQ(appended("## R\n- a\n\n---\n*Last updated: x*", "R", {"- b"}),
            "## R\n- a\n- b\n\n---\n*Last updated: x*");
}

TEST(SectionAppend, PreambleSection) {
  Note note = parse_note("c.md", "---\nk: v\n---\nhello\n\n# T\n");
  append_lines(note.sections[0], {"world"}, note.newline, {});
  EXPECT_EQ(render_note(note), "---\nk: v\n---\nhello\nworld\n\n# T\n");
}

TEST(SectionPrepend, NewestFirstBelowTheBlankAfterTheHeading) {
  std::string before = "## Recent Context\n\n- 2025-12-01: older\n\n## Related People\n";
  EXPECT_EQ(prepended(before, "Recent Context", {"- 2025-12-19: newer"}),
            "## Recent Context\n\n- 2025-12-19: newer\n- 2025-12-01: older\n\n## Related People\n");
  EXPECT_EQ(prepended("## R\n- old\n", "R", {"- new"}), "## R\n- new\n- old\n");
}

TEST(SectionPrepend, ReplacesPlaceholder) {
  EXPECT_EQ(prepended("## R\r\n\r\n_Nothing yet._\r\n\r\n", "R", {"- new"}), "## R\r\n\r\n- new\r\n\r\n");
  EXPECT_EQ(prepended("## R\n", "R", {"- new"}), "## R\n- new\n");
}

TEST(SectionEnsure, ExistingSectionIsReturnedUnchanged) {
  std::string before = "## Key Facts\n- a\n";
  Note note = parse_note("c.md", before);
  Section& section = ensure_section(note, "key facts");
  EXPECT_EQ(&section, &note.sections[1]);
  EXPECT_EQ(render_note(note), before);
}

TEST(SectionEnsure, BeforeRelatedPeople) {
  std::string before = "# Acme\n\n## Key Facts\n- a\n\n## Related People\n\n_People..._\n";
  EXPECT_EQ(
      ensured(before, "Key Decisions", {"- decided"}),
      "# Acme\n\n## Key Facts\n- a\n\n## Key Decisions\n\n- decided\n\n## Related People\n\n_People..._\n");
  Note note = parse_note("c.md", before);
  Section& created = ensure_section(note, "Key Decisions");
  EXPECT_EQ(created.level, 2);
  EXPECT_EQ(created.title, "Key Decisions");
  EXPECT_EQ(created.first_line, 6);
  EXPECT_EQ(find_section(note, "Related People")->first_line, 8);
}

TEST(SectionEnsure, AtItsPlaceInTheTemplatesOrder) {
  const std::vector<std::string> order{"Key Contacts", "Next Steps",     "Key Decisions",
                                       "Key Facts",    "Recent Context", "Related People"};
  std::string before =
      "# Acme\n\n## Key Contacts\n- a\n\n## Key Facts\n- f\n\n## My own notes\n\n"
      "## Recent Context\n- c\n\n## Related People\n\n";
  Note note = parse_note("c.md", before);
  append_lines(ensure_section(note, "Key Decisions", 2, order), {"- decided"}, "\n", {});
  append_lines(ensure_section(note, "Next Steps", 2, order), {"- next"}, "\n", {});
  EXPECT_EQ(render_note(note),
            "# Acme\n\n## Key Contacts\n- a\n\n## Next Steps\n\n- next\n\n## Key Decisions\n\n- decided\n\n"
            "## Key Facts\n- f\n\n## My own notes\n\n## Recent Context\n- c\n\n## Related People\n\n");
  // A heading the order does not list goes where it always went.
  EXPECT_EQ(ensure_section(note, "Other", 2, order).title, "Other");
  EXPECT_EQ(note.sections[note.sections.size() - 2].title, "Other");
}

TEST(SectionEnsure, BeforeTheFooterInsideTheLastSection) {
  std::string before = "# Acme\n\n## Recent Context\n\n- x\n\n\n---\n*Last updated: 2025-12-19*\n";
  EXPECT_EQ(
      ensured(before, "Key Facts", {"- fact"}),
      "# Acme\n\n## Recent Context\n\n- x\n\n\n## Key Facts\n\n- fact\n\n---\n*Last updated: 2025-12-19*\n");
  EXPECT_EQ(ensured(before, "Key Facts"),
            "# Acme\n\n## Recent Context\n\n- x\n\n\n## Key Facts\n\n---\n*Last updated: 2025-12-19*\n");
}

TEST(SectionEnsure, ARuleWithoutLastUpdatedIsNotAFooter) {
  EXPECT_EQ(ensured("## A\n- x\n---\nmore\n", "B", {"- b"}), "## A\n- x\n---\nmore\n\n## B\n\n- b\n\n");
}

TEST(SectionEnsure, AtTheEnd) {
  EXPECT_EQ(ensured("## A\n- x\n\n", "B", {"- b"}), "## A\n- x\n\n## B\n\n- b\n\n");
  EXPECT_EQ(ensured("## A\n- x\n", "B", {"- b"}), "## A\n- x\n\n## B\n\n- b\n\n");
  EXPECT_EQ(ensured("## A\n- x", "B", {"- b"}), "## A\n- x\n\n## B\n\n- b\n\n");
  EXPECT_EQ(ensured("\xEF\xBB\xBF## A\r\n- x", "B", {"- b"}),
            "\xEF\xBB\xBF## A\r\n- x\r\n\r\n## B\r\n\r\n- b\r\n\r\n");
  EXPECT_EQ(ensured("", "B", {"- b"}), "## B\n\n- b\n\n");
  EXPECT_EQ(ensured("---\nk: v\n---", "B"), "---\nk: v\n---\n\n## B\n\n");
  EXPECT_EQ(ensured("---\nk: v\n---\n", "B"), "---\nk: v\n---\n\n## B\n\n");
}

TEST(SectionEnsure, OtherLevels) {
  Note note = parse_note("c.md", "# T\n### Related People\n");
  ensure_section(note, "Sub", 3);
  EXPECT_EQ(render_note(note), "# T\n### Sub\n\n### Related People\n");
  // "Related People" at another level is not the anchor.
  note = parse_note("c.md", "# T\n### Related People\n");
  ensure_section(note, "Top", 2);
  EXPECT_EQ(render_note(note), "# T\n### Related People\n\n## Top\n\n");
}

// A customer note in the reference layout: placeholders, dataview blocks,
// a footer; several edits in a row change only the edited places.
TEST(SectionEdit, ReferenceLayoutEndToEnd) {
  std::string before =
      "---\ntype: customer\nlast_contact: '2025-11-02'\n---\n\n# Lambda\n\n"
      "## Current Blockers\n\n_No known blockers._\n\n"
      "## Open Tasks\n\n```dataview\nTASK\nFROM \"\"\n# not a heading\n```\n\n\n"
      "## Key Facts\n\n- Runs two regions.\n\n"
      "## Recent Context\n\n- 2025-11-02: [[2025-11-02]] - kickoff\n\n"
      "## Related People\n\n_Internal team members..._\n\n\n---\n*Last updated: *";
  Note note = parse_note("Customers/Lambda.md", before);
  ASSERT_EQ(render_note(note), before);
  const Placeholders known = italic_lines(before);
  append_lines(*find_section(note, "Current Blockers"), {"- Waiting on security review"}, note.newline,
               known);
  append_lines(*find_section(note, "Key Facts"), {"- Uses lambda functions heavily."}, note.newline, known);
  prepend_lines(*find_section(note, "Recent Context"), {"- 2025-12-19: [[2025-12-19]] - review"},
                note.newline, known);
  append_lines(ensure_section(note, "Opportunities"), {"- Expand to a third region"}, note.newline, known);
  std::string expected =
      "---\ntype: customer\nlast_contact: '2025-11-02'\n---\n\n# Lambda\n\n"
      "## Current Blockers\n\n- Waiting on security review\n\n"
      "## Open Tasks\n\n```dataview\nTASK\nFROM \"\"\n# not a heading\n```\n\n\n"
      "## Key Facts\n\n- Runs two regions.\n- Uses lambda functions heavily.\n\n"
      "## Recent Context\n\n- 2025-12-19: [[2025-12-19]] - review\n- 2025-11-02: [[2025-11-02]] - kickoff\n\n"
      "## Opportunities\n\n- Expand to a third region\n\n"
      "## Related People\n\n_Internal team members..._\n\n\n---\n*Last updated: *";
  EXPECT_EQ(render_note(note), expected);
  // The edited note parses back into the same sections. Line numbers of
  // later sections are stale after a section edit until renumbered.
  renumber_sections(note);
  Note reparsed = parse_note("Customers/Lambda.md", expected);
  EXPECT_EQ(reparsed.sections.size(), note.sections.size());
  for (size_t i = 0; i < note.sections.size(); ++i) {
    EXPECT_EQ(reparsed.sections[i].raw, note.sections[i].raw);
    EXPECT_EQ(reparsed.sections[i].first_line, note.sections[i].first_line);
  }
}

}  // namespace
}  // namespace dossier
