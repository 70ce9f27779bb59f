#include "vault/note.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "util/error.h"

namespace dossier {
namespace {

std::vector<std::string> titles(const Note& note) {
  std::vector<std::string> out;
  for (const Section& section : note.sections) {
    out.push_back(std::to_string(section.level) + ":" + section.title);
  }
  return out;
}

using Titles = std::vector<std::string>;

TEST(NoteParse, SplitsFrontmatterAndSections) {
  std::string text =
      "---\ntitle: Acme\ntags:\n- a\n---\n\n# Acme\n\nintro\n## Key Facts\n- fact\n\n### Sub ###\nx\n";
  Note note = parse_note("acme.md", text);
  ASSERT_TRUE(note.frontmatter);
  EXPECT_EQ(note.frontmatter->raw, "---\ntitle: Acme\ntags:\n- a\n---\n");
  EXPECT_EQ(note.frontmatter->first_line, 1);
  EXPECT_EQ(frontmatter_string(note, "title"), "Acme");
  EXPECT_EQ(titles(note), (Titles{"0:", "1:Acme", "2:Key Facts", "3:Sub"}));
  EXPECT_EQ(note.sections[0].raw, "\n");
  EXPECT_EQ(note.sections[0].first_line, 6);
  EXPECT_EQ(note.sections[1].raw, "# Acme\n\nintro\n");
  EXPECT_EQ(note.sections[1].first_line, 7);
  EXPECT_EQ(note.sections[2].raw, "## Key Facts\n- fact\n\n");
  EXPECT_EQ(note.sections[2].first_line, 10);
  EXPECT_EQ(note.sections[3].raw, "### Sub ###\nx\n");
  EXPECT_EQ(note.sections[3].first_line, 13);
  EXPECT_EQ(note.newline, "\n");
  EXPECT_EQ(render_note(note), text);
}

TEST(NoteParse, EmptyFileHasOnlyAnEmptyPreamble) {
  Note note = parse_note("empty.md", "");
  EXPECT_FALSE(note.frontmatter);
  ASSERT_EQ(note.sections.size(), 1u);
  EXPECT_EQ(note.sections[0].level, 0);
  EXPECT_EQ(note.sections[0].raw, "");
  EXPECT_EQ(render_note(note), "");
}

TEST(NoteParse, TextBeforeFirstHeadingIsThePreamble) {
  std::string text = "Some loose text\n\n## A\nbody";
  Note note = parse_note("p.md", text);
  EXPECT_FALSE(note.frontmatter);
  EXPECT_EQ(titles(note), (Titles{"0:", "2:A"}));
  EXPECT_EQ(note.sections[0].raw, "Some loose text\n\n");
  EXPECT_EQ(note.sections[1].raw, "## A\nbody");
  EXPECT_EQ(render_note(note), text);
}

TEST(NoteParse, HeadingAtVeryStartLeavesEmptyPreamble) {
  Note note = parse_note("h.md", "# Title\n");
  EXPECT_EQ(titles(note), (Titles{"0:", "1:Title"}));
  EXPECT_EQ(note.sections[0].raw, "");
  EXPECT_EQ(note.sections[1].first_line, 1);
}

TEST(NoteParse, CrlfBomAndNoFinalNewline) {
  std::string text = "\xEF\xBB\xBF---\r\ntitle: X\r\n---\r\n# X\r\n\r\n- a  \r\n\t- b\t";
  Note note = parse_note("crlf.md", text);
  EXPECT_EQ(note.bom, "\xEF\xBB\xBF");
  EXPECT_EQ(note.newline, "\r\n");
  ASSERT_TRUE(note.frontmatter);
  EXPECT_EQ(note.frontmatter->raw, "---\r\ntitle: X\r\n---\r\n");
  EXPECT_EQ(frontmatter_string(note, "title"), "X");
  EXPECT_EQ(titles(note), (Titles{"0:", "1:X"}));
  EXPECT_EQ(note.sections[1].raw, "# X\r\n\r\n- a  \r\n\t- b\t");
  EXPECT_EQ(render_note(note), text);
}

TEST(NoteParse, NewlineFollowsTheFirstLineEnding) {
  EXPECT_EQ(parse_note("a.md", "a\nb\r\n").newline, "\n");
  EXPECT_EQ(parse_note("b.md", "a\r\nb\n").newline, "\r\n");
  EXPECT_EQ(parse_note("c.md", "no newline at all").newline, "\n");
}

TEST(NoteParse, EmptyFrontmatterIsValid) {
  Note note = parse_note("e.md", "---\n---\nbody\n");
  ASSERT_TRUE(note.frontmatter);
  EXPECT_EQ(note.frontmatter->raw, "---\n---\n");
  EXPECT_FALSE(note.frontmatter->data.is_map);
  EXPECT_TRUE(note.frontmatter->data.entries.empty());
  EXPECT_EQ(note.sections[0].raw, "body\n");
  EXPECT_EQ(note.sections[0].first_line, 3);
  EXPECT_FALSE(frontmatter_string(note, "title"));
  EXPECT_TRUE(frontmatter_list(note, "tags").empty());
}

TEST(NoteParse, FrontmatterDelimitersAllowTrailingSpacesAndDots) {
  std::string text = "---  \nk: v\n...\t\nrest\n";
  Note note = parse_note("d.md", text);
  ASSERT_TRUE(note.frontmatter);
  EXPECT_EQ(note.frontmatter->raw, "---  \nk: v\n...\t\n");
  EXPECT_EQ(frontmatter_string(note, "k"), "v");
  EXPECT_EQ(render_note(note), text);
  // A stray carriage return before the line ending counts as a blank.
  std::string cr = "--- \r\r\nk: v\n---\r\r\nrest\n";
  Note with_cr = parse_note("d.md", cr);
  ASSERT_TRUE(with_cr.frontmatter);
  EXPECT_EQ(frontmatter_string(with_cr, "k"), "v");
  EXPECT_EQ(render_note(with_cr), cr);
}

TEST(NoteParse, DashesNotAtTheStartAreNotFrontmatter) {
  std::string text = "\n---\nk: v\n---\n";
  Note note = parse_note("n.md", text);
  EXPECT_FALSE(note.frontmatter);
  EXPECT_EQ(render_note(note), text);
  EXPECT_FALSE(parse_note("n2.md", "----\nk: v\n----\n").frontmatter);
}

TEST(NoteParse, HeadingsInsideFencesAreIgnored) {
  std::string text =
      "## Real\n"
      "```bash\n# comment, not a heading\n```\n"
      "~~~~\n## in tilde fence\n~~~\n## still inside: the closing fence was too short\n~~~~\n"
      "```dataview\nTABLE x\n# not a heading\n```\n"
      "  ```\n## in an indented fence\n  ```\n"
      "## After\n";
  Note note = parse_note("f.md", text);
  EXPECT_EQ(titles(note), (Titles{"0:", "2:Real", "2:After"}));
  EXPECT_EQ(note.sections[2].first_line, 17);
  EXPECT_EQ(render_note(note), text);
}

TEST(NoteParse, HeadingsInsideHtmlCommentsAreIgnored) {
  std::string text =
      "## Real\n"
      "<!--\n## Key Facts\n- an example line\n-->\n"
      "<!-- one line --> text\n## After one-line comment\n"
      "text <!-- opens\n## Inside\nstill --> closed <!-- and again\n# Inside too\n-->\n"
      "<!--\n```\n-->\n## After a fence marker inside a comment\n";
  Note note = parse_note("c.md", text);
  EXPECT_EQ(titles(note),
            (Titles{"0:", "2:Real", "2:After one-line comment", "2:After a fence marker inside a comment"}));
  EXPECT_EQ(find_section(note, "Key Facts"), nullptr);
  EXPECT_EQ(render_note(note), text);
}

TEST(NoteParse, FenceNeedsTheSameMarkerToClose) {
  std::string text = "```\n~~~\n# inside\n```\n# outside\n";
  EXPECT_EQ(titles(parse_note("m.md", text)), (Titles{"0:", "1:outside"}));
}

TEST(NoteParse, InlineTripleBackticksDoNotOpenAFence) {
  std::string text = "```inline``` code\n# Heading\n";
  EXPECT_EQ(titles(parse_note("i.md", text)), (Titles{"0:", "1:Heading"}));
}

TEST(NoteParse, UnterminatedFenceRunsToTheEnd) {
  std::string text = "# A\n```\n# B\n";
  Note note = parse_note("u.md", text);
  EXPECT_EQ(titles(note), (Titles{"0:", "1:A"}));
  EXPECT_EQ(render_note(note), text);
}

TEST(NoteParse, TagsSetextAndDeepHashesAreNotHeadings) {
  std::string text =
      "#tag #other\n"
      "Setext title\n============\n"
      "Another\n---\n"
      "####### seven\n"
      "    # indented four\n"
      "   # three spaces\n"
      "#\n"
      "##\tTabbed\n"
      "## C# and F# ##\n";
  Note note = parse_note("t.md", text);
  EXPECT_EQ(titles(note), (Titles{"0:", "1:three spaces", "1:", "2:Tabbed", "2:C# and F#"}));
  EXPECT_EQ(render_note(note), text);
}

TEST(NoteFind, FindSectionIsUnicodeCaseInsensitive) {
  Note note = parse_note("f.md", "## Key Facts\n## Über Uns\n");
  ASSERT_NE(find_section(note, "key facts"), nullptr);
  EXPECT_EQ(find_section(note, "key facts")->raw, "## Key Facts\n");
  ASSERT_NE(find_section(note, "ÜBER UNS"), nullptr);
  EXPECT_EQ(find_section(note, "Missing"), nullptr);
  EXPECT_EQ(find_section(note, ""), nullptr);  // the preamble has no title
  const Note& view = note;
  EXPECT_NE(find_section(view, "Key Facts"), nullptr);
}

TEST(NoteFrontmatter, StringLookups) {
  Note note = parse_note("s.md",
                         "---\ntitle: 'Quoted'\ndate: 2025-12-19\ncount: 3\ncompany: [[Acme Corp]]\n"
                         "link: \"[[Beta]]\"\nempty:\nlist: [a, b]\nmap: {a: 1}\n---\n");
  EXPECT_EQ(frontmatter_string(note, "title"), "Quoted");
  EXPECT_EQ(frontmatter_string(note, "date"), "2025-12-19");
  EXPECT_EQ(frontmatter_string(note, "count"), "3");
  EXPECT_EQ(frontmatter_string(note, "company"), "[[Acme Corp]]");
  EXPECT_EQ(frontmatter_string(note, "link"), "[[Beta]]");
  EXPECT_FALSE(frontmatter_string(note, "empty"));
  EXPECT_FALSE(frontmatter_string(note, "list"));
  EXPECT_FALSE(frontmatter_string(note, "map"));
  EXPECT_FALSE(frontmatter_string(note, "absent"));
  EXPECT_FALSE(frontmatter_string(parse_note("n.md", "no frontmatter"), "title"));
}

TEST(NoteFrontmatter, ListLookups) {
  Note note = parse_note("l.md",
                         "---\n"
                         "attendees:\n  - Ana Lima\n  - [[Bo Chen]]\n  - \"[[Cy]]\"\n  - {x: 1}\n"
                         "tags: [a, b]\n"
                         "single: Only One\n"
                         "company: [[Acme]]\n"
                         "map: {a: 1}\n"
                         "---\n");
  EXPECT_EQ(frontmatter_list(note, "attendees"),
            (std::vector<std::string>{"Ana Lima", "[[Bo Chen]]", "[[Cy]]"}));
  EXPECT_EQ(frontmatter_list(note, "tags"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(frontmatter_list(note, "single"), (std::vector<std::string>{"Only One"}));
  EXPECT_EQ(frontmatter_list(note, "company"), (std::vector<std::string>{"[[Acme]]"}));
  EXPECT_TRUE(frontmatter_list(note, "map").empty());
  EXPECT_TRUE(frontmatter_list(note, "absent").empty());
}

std::string error_of(std::string_view text, const ParseLimits& limits = {}) {
  try {
    parse_note("notes/x.md", text, limits);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(NoteErrors, UnterminatedFrontmatter) {
  EXPECT_EQ(error_of("---\ntitle: x\n\n# Heading\n"),
            "notes/x.md:1: frontmatter opened with '---' is never closed");
  EXPECT_EQ(error_of("\xEF\xBB\xBF---\r\ntitle: x\r\n"),
            "notes/x.md:1: frontmatter opened with '---' is never closed");
}

TEST(NoteErrors, BadYamlNamesTheFileLine) {
  // Line 4 of the file is the second line of the YAML.
  std::string message = error_of("---\ntitle: ok\nlist: [a, b\nnext: x\n---\nbody\n");
  EXPECT_EQ(message.rfind("notes/x.md:4: ", 0), 0u) << message;
  message = error_of("---\na: 1\nb: 2\n  c: 3\n---\n");
  EXPECT_EQ(message.rfind("notes/x.md:4: ", 0), 0u) << message;
  // An unclosed flow map is reported on the last YAML line, not the closing "---".
  message = error_of("---\r\nok: 1\r\nkey: {a: 1\r\n---\r\n");
  EXPECT_EQ(message.rfind("notes/x.md:3: ", 0), 0u) << message;
  message = error_of("---\ndate: [unclosed\n---\nbody\n");
  EXPECT_EQ(message.rfind("notes/x.md:2: ", 0), 0u) << message;
  message = error_of("\xEF\xBB\xBF---\na: b: c\n---\n");
  EXPECT_EQ(message.rfind("notes/x.md:2: ", 0), 0u) << message;
}

TEST(NoteErrors, NonMapFrontmatter) {
  EXPECT_EQ(error_of("---\n- a\n- b\n---\n"), "notes/x.md:2: frontmatter is not a map of keys to values");
  EXPECT_EQ(error_of("---\njust text\n---\n"), "notes/x.md:2: frontmatter is not a map of keys to values");
}

TEST(NoteErrors, BinaryAndBadEncoding) {
  std::string with_nul = "# A\n\nx";
  with_nul += '\0';
  EXPECT_EQ(error_of(with_nul), "notes/x.md:3: NUL byte: binary file?");
  EXPECT_EQ(error_of("# A\n\xC3\x28\n"), "notes/x.md:2: invalid UTF-8 (byte 0xC3 at column 1)");
}

TEST(NoteErrors, Oversize) {
  ParseLimits limits;
  limits.max_bytes = 8;
  EXPECT_EQ(error_of("123456789", limits), "notes/x.md:1: file is 9 bytes, over the limit of 8 bytes");
  EXPECT_EQ(error_of("12345678", limits), "");
}

}  // namespace
}  // namespace dossier
