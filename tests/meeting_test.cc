// Reading what dossier needs from a meeting note: date, title, attendees.
#include "vault/meeting.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dossier {
namespace {

using Names = std::vector<std::string>;

Meeting meeting(const std::string& bytes, const std::string& path = "Meetings/Weekly sync.md") {
  return read_meeting(parse_note(path, bytes), path);
}

TEST(MeetingDate, FromFrontmatterQuotedPlainOrWithTime) {
  EXPECT_EQ(meeting("---\ndate: \"2025-03-04\"\n---\n").date, "2025-03-04");
  EXPECT_EQ(meeting("---\ndate: '2025-03-04'\n---\n").date, "2025-03-04");
  EXPECT_EQ(meeting("---\ndate: 2025-03-04\n---\n").date, "2025-03-04");
  EXPECT_EQ(meeting("---\ndate: 2025-03-04 14:30\n---\n").date, "2025-03-04");
  EXPECT_EQ(meeting("---\ndate: 2025-03-04T14:30:00Z\n---\n").date, "2025-03-04");
}

TEST(MeetingDate, FrontmatterWinsOverFileName) {
  EXPECT_EQ(meeting("---\ndate: 2025-03-04\n---\n", "Meetings/2024-01-01 Acme.md").date, "2025-03-04");
}

TEST(MeetingDate, ElseFromFileName) {
  EXPECT_EQ(meeting("# Sync\n", "Meetings/2025-06-07 Acme sync.md").date, "2025-06-07");
  EXPECT_EQ(meeting("# Sync\n", "Meetings/Acme 2025-06-07.md").date, "2025-06-07");
  // A date in a folder name is not the meeting's date.
  EXPECT_EQ(meeting("# Sync\n", "Meetings/2025-06-07/Acme.md").date, "");
  // Frontmatter without a usable date falls back to the file name.
  EXPECT_EQ(meeting("---\ndate: soon\n---\n", "M/2025-06-07.md").date, "2025-06-07");
  EXPECT_EQ(meeting("---\ntitle: x\n---\n", "M/2025-06-07.md").date, "2025-06-07");
}

TEST(MeetingDate, UnknownIsEmpty) { EXPECT_EQ(meeting("text\n", "Meetings/Sync.md").date, ""); }

TEST(MeetingTitle, FromFrontmatter) {
  EXPECT_EQ(meeting("---\ntitle: Acme QBR\n---\n# Heading\n").title, "Acme QBR");
}

TEST(MeetingTitle, ElseFirstLevelOneHeading) {
  EXPECT_EQ(meeting("## Notes\n\n# Acme kickoff\n# Later\n").title, "Acme kickoff");
  EXPECT_EQ(meeting("---\ntitle: ''\n---\n# From heading\n").title, "From heading");
}

TEST(MeetingTitle, ElseFileName) {
  Meeting m = meeting("## Notes\nno h1\n", "Meetings/2025/2025-01-02 Globex call.md");
  EXPECT_EQ(m.title, "2025-01-02 Globex call");
  EXPECT_EQ(m.name, "2025-01-02 Globex call");
  EXPECT_EQ(m.path, "Meetings/2025/2025-01-02 Globex call.md");
}

TEST(MeetingTitle, HeadingInCodeBlockIsNotTheTitle) {
  EXPECT_EQ(meeting("```\n# not a heading\n```\n", "M/Call.md").title, "Call");
}

TEST(MeetingAttendees, FromFrontmatterWikilinksAndAliases) {
  Meeting m =
      meeting("---\nattendees:\n  - \"[[Jane Doe]]\"\n  - \"[[People/Bob Stone|Bob]]\"\n  - Carol\n---\n");
  EXPECT_EQ(m.attendees, (Names{"Jane Doe", "Bob Stone", "Carol"}));
}

TEST(MeetingAttendees, UnquotedWikilinksInAYamlList) {
  // `- [[Jane Doe]]` is a YAML list inside a list; Obsidian users write it.
  Meeting m = meeting("---\nattendees:\n  - [[Jane Doe]]\n  - [[Bob Stone]]\n---\n");
  EXPECT_EQ(m.attendees, (Names{"Jane Doe", "Bob Stone"}));
}

TEST(MeetingAttendees, FlowListAndParticipants) {
  EXPECT_EQ(meeting("---\nattendees: [Jane Doe, Bob]\n---\n").attendees, (Names{"Jane Doe", "Bob"}));
  EXPECT_EQ(meeting("---\nparticipants: [\"[[Jane Doe]]\"]\n---\n").attendees, (Names{"Jane Doe"}));
  // attendees: comes first when both are present.
  EXPECT_EQ(meeting("---\nparticipants: [A]\nattendees: [B]\n---\n").attendees, (Names{"B"}));
  EXPECT_EQ(meeting("---\nattendees: []\nparticipants: [A]\n---\n").attendees, (Names{"A"}));
}

TEST(MeetingAttendees, OneFrontmatterStringWithSeveralNames) {
  EXPECT_EQ(meeting("---\nattendees: \"[[Jane Doe]], [[Bob Stone]]\"\n---\n").attendees,
            (Names{"Jane Doe", "Bob Stone"}));
  EXPECT_EQ(meeting("---\nattendees: Jane Doe, Bob Stone\n---\n").attendees,
            (Names{"Jane Doe", "Bob Stone"}));
}

TEST(MeetingAttendees, FrontmatterWinsOverSection) {
  EXPECT_EQ(meeting("---\nattendees: [A]\n---\n## Attendees\n- B\n").attendees, (Names{"A"}));
}

TEST(MeetingAttendees, SectionBulletsWithRoles) {
  Meeting m = meeting(
      "# Sync\n\n## Attendees\n"
      "- [[Jane Doe]] (CTO)\n"
      "* Bob Stone (Head of IT, Acme)\n"
      "+ Carol Reyes - Finance\n"
      "- Dan Ito — Procurement\n"
      "- **Eve Park**\n"
      "\n## Notes\n- Not an attendee\n");
  EXPECT_EQ(m.attendees, (Names{"Jane Doe", "Bob Stone", "Carol Reyes", "Dan Ito", "Eve Park"}));
}

// Every CommonMark list item is one person, numbered or ticked as well.
TEST(MeetingAttendees, OrderedAndTaskItemsAreOnePersonEach) {
  EXPECT_EQ(meeting("## Attendees\n1. Jane Doe (CTO)\n2) Bob Stone\n- [x] [[Carol Reyes]]\n").attendees,
            (Names{"Jane Doe", "Bob Stone", "Carol Reyes"}));
}

TEST(MeetingAttendees, LinksWithAFileExtensionOrAPath) {
  EXPECT_EQ(meeting("## Attendees\n- [[People/Jane Doe.md|Jane]], [[Bob Stone#Role]]\n").attendees,
            (Names{"Jane Doe", "Bob Stone"}));
}

TEST(MeetingAttendees, SectionTitleIsCaseInsensitive) {
  EXPECT_EQ(meeting("### attendees\n- Jane\n").attendees, (Names{"Jane"}));
}

TEST(MeetingAttendees, SectionCommaSeparatedLine) {
  EXPECT_EQ(meeting("## Attendees\nJane Doe, [[Bob Stone|Bob]], Carol (PM)\n").attendees,
            (Names{"Jane Doe", "Bob Stone", "Carol"}));
}

TEST(MeetingAttendees, CommaInsideARoleDoesNotSplitTheName) {
  EXPECT_EQ(meeting("## Attendees\nJane Doe (CTO, Acme), Bob Stone\n").attendees,
            (Names{"Jane Doe", "Bob Stone"}));
}

TEST(MeetingAttendees, SeveralWikilinksOnOneBullet) {
  EXPECT_EQ(meeting("## Attendees\n- [[Jane Doe]], [[Bob Stone]]\n").attendees,
            (Names{"Jane Doe", "Bob Stone"}));
}

TEST(MeetingAttendees, PlaceholderAndBlankLinesSkipped) {
  EXPECT_TRUE(meeting("## Attendees\n\n_None recorded._\n").attendees.empty());
  EXPECT_TRUE(meeting("# Sync\nJane was there\n").attendees.empty());
}

TEST(MeetingNote, KeepsTheParsedNote) {
  std::string bytes = "---\ndate: 2025-01-01\n---\n# T\nbody\n";
  EXPECT_EQ(render_note(meeting(bytes).note), bytes);
}

TEST(StripWikilink, Forms) {
  EXPECT_EQ(strip_wikilink("[[Jane Doe]]"), "Jane Doe");
  EXPECT_EQ(strip_wikilink("[[Jane Doe|Jane]]"), "Jane Doe");
  EXPECT_EQ(strip_wikilink("[[Acme#Q3 plan]]"), "Acme");
  EXPECT_EQ(strip_wikilink("[[Acme#Q3|the plan]]"), "Acme");
  EXPECT_EQ(strip_wikilink("[[Customers/Acme]]"), "Acme");
  EXPECT_EQ(strip_wikilink("  [[ Jane Doe ]]  "), "Jane Doe");
  EXPECT_EQ(strip_wikilink("[[Jane Doe]] (CTO)"), "Jane Doe");
  EXPECT_EQ(strip_wikilink("  Jane Doe \t"), "Jane Doe");
  EXPECT_EQ(strip_wikilink("**Jane Doe**"), "Jane Doe");
  EXPECT_EQ(strip_wikilink("_Jane_"), "Jane");
  EXPECT_EQ(strip_wikilink("[[Unclosed"), "[[Unclosed");
  EXPECT_EQ(strip_wikilink(""), "");
  EXPECT_EQ(strip_wikilink("[[]]"), "");
}

}  // namespace
}  // namespace dossier

namespace {

// Sorting and assigning meetings keeps each one's frontmatter its own, or
// customers would go to the wrong notes.
TEST(MeetingFrontmatterTest, SortingMeetingsKeepsEachOnesFrontmatter) {
  std::vector<dossier::Meeting> meetings;
  for (const char* name : {"c", "a", "d", "b"}) {
    std::string text = std::string("---\ncustomer: ") + name + "\n---\nbody\n";
    meetings.push_back(dossier::read_meeting(dossier::parse_note(name, text), std::string(name) + ".md"));
  }
  std::stable_sort(meetings.begin(), meetings.end(),
                   [](const dossier::Meeting& x, const dossier::Meeting& y) { return x.path < y.path; });
  std::optional<dossier::Note> copy;
  copy = meetings[0].note;
  copy = meetings[1].note;  // assigning over an engaged note must not touch meetings[0]
  for (const dossier::Meeting& m : meetings)
    EXPECT_EQ(dossier::frontmatter_string(m.note, "customer").value_or(""), m.name) << m.path;
  EXPECT_EQ(dossier::frontmatter_string(*copy, "customer").value_or(""), "b");
}

}  // namespace
