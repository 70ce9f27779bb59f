#include "vault/frontmatter_edit.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "util/error.h"

namespace dossier {
namespace {

// Parses `before`, sets `key`, and returns the whole rendered note, so every
// expectation below compares all bytes of the file.
std::string edited(std::string_view before, std::string_view key, std::string_view value) {
  Note note = parse_note("c.md", before);
  set_frontmatter_value(note, key, value);
  return render_note(note);
}

TEST(FrontmatterEdit, ReplacesOnlyTheKeyLine) {
  EXPECT_EQ(edited("---\ntitle: Acme\nlast_contact: '2025-01-01'\nstatus: active\n---\n# Acme\n",
                   "last_contact", "'2025-12-19'"),
            "---\ntitle: Acme\nlast_contact: '2025-12-19'\nstatus: active\n---\n# Acme\n");
}

TEST(FrontmatterEdit, ReplacesQuotedValues) {
  EXPECT_EQ(edited("---\na: \"2025-01-01\"\nb: 'it''s'\n---\n", "a", "'2025-12-19'"),
            "---\na: '2025-12-19'\nb: 'it''s'\n---\n");
  EXPECT_EQ(edited("---\na: \"2025-01-01\"\nb: 'it''s'\n---\n", "b", "plain"),
            "---\na: \"2025-01-01\"\nb: plain\n---\n");
}

TEST(FrontmatterEdit, KeepsTrailingCommentOnTheKeyLine) {
  EXPECT_EQ(edited("---\nlast_contact: 2025-01-01  # set by hand\n---\n", "last_contact", "'2025-12-19'"),
            "---\nlast_contact: '2025-12-19'  # set by hand\n---\n");
  EXPECT_EQ(edited("---\ntitle: 'A # B' # keep me\n---\n", "title", "C"), "---\ntitle: C # keep me\n---\n");
  EXPECT_EQ(edited("---\nnote: it's here # c\n---\n", "note", "gone"), "---\nnote: gone # c\n---\n");
  EXPECT_EQ(edited("---\ntags: # list below\n  - a\n---\n", "tags", "[b]"),
            "---\ntags: [b] # list below\n---\n");
  // A '#' glued to text is part of the value, not a comment.
  EXPECT_EQ(edited("---\nissue: C#1\n---\n", "issue", "x"), "---\nissue: x\n---\n");
}

TEST(FrontmatterEdit, KeepsOwnLineCommentsBlankLinesAndOrder) {
  std::string before =
      "---\n# managed by hand\nstatus: active\n\n# contact dates\nlast_contact: '2025-01-01'\n"
      "\nzeta: 1\nalpha: 2   \n---\n";
  EXPECT_EQ(edited(before, "last_contact", "'2025-12-19'"),
            "---\n# managed by hand\nstatus: active\n\n# contact dates\nlast_contact: '2025-12-19'\n"
            "\nzeta: 1\nalpha: 2   \n---\n");
}

// An indented comment after a scalar is the user's note, not part of the
// value; inside a block scalar it is text of the value.
TEST(FrontmatterEdit, KeepsIndentedCommentsAfterTheValue) {
  EXPECT_EQ(edited("---\nlast_contact: '2025-12-01'\n  # birthday March 3rd\nowner: Jane\n---\n",
                   "last_contact", "'2026-01-05'"),
            "---\nlast_contact: '2026-01-05'\n  # birthday March 3rd\nowner: Jane\n---\n");
  EXPECT_EQ(
      edited("---\nlast_contact:\n  # first\n  - a\n  # trailing\nowner: Jane\n---\n", "last_contact", "x"),
      "---\nlast_contact: x\n  # trailing\nowner: Jane\n---\n");
  EXPECT_EQ(edited("---\nnote: |\n  # heading text\n  more\nowner: Jane\n---\n", "note", "x"),
            "---\nnote: x\nowner: Jane\n---\n");
}

TEST(FrontmatterEdit, FlowStyleLists) {
  std::string before = "---\ntags: [a, b]\naliases: [\"x, y\", z]\nlast_contact: old\n---\n";
  EXPECT_EQ(edited(before, "tags", "[a, b, c]"),
            "---\ntags: [a, b, c]\naliases: [\"x, y\", z]\nlast_contact: old\n---\n");
  EXPECT_EQ(edited(before, "last_contact", "new"),
            "---\ntags: [a, b]\naliases: [\"x, y\", z]\nlast_contact: new\n---\n");
}

TEST(FrontmatterEdit, BlockListAtColumnZero) {
  std::string before = "---\ntitle: T\ntags:\n- type/customer\n- needs-review\nstatus: active\n---\n";
  EXPECT_EQ(edited(before, "tags", "[x]"), "---\ntitle: T\ntags: [x]\nstatus: active\n---\n");
  EXPECT_EQ(edited(before, "title", "U"),
            "---\ntitle: U\ntags:\n- type/customer\n- needs-review\nstatus: active\n---\n");
}

TEST(FrontmatterEdit, IndentedBlockListWithInnerBlankButNotTrailingBlankOrComment) {
  std::string before = "---\ntags:\n  - a\n\n  - b\n\n# about next\nnext: 1\n---\n";
  EXPECT_EQ(edited(before, "tags", "[c]"), "---\ntags: [c]\n\n# about next\nnext: 1\n---\n");
}

TEST(FrontmatterEdit, CommentInsideTheBlockIsPartOfIt) {
  // The indented item still belongs to 'tags': leaving it would break the YAML.
  EXPECT_EQ(edited("---\ntags:\n# why\n  - a\n# about next\nnext: 1\n---\n", "tags", "[c]"),
            "---\ntags: [c]\n# about next\nnext: 1\n---\n");
}

TEST(FrontmatterEdit, BlockListRunningToTheClosingLine) {
  EXPECT_EQ(edited("---\nattendees:\n  - A\n  - B\n---\nbody\n", "attendees", "[C]"),
            "---\nattendees: [C]\n---\nbody\n");
}

TEST(FrontmatterEdit, MultiLineFoldedAndLiteralScalars) {
  std::string before =
      "---\nsummary: >\n  line one\n  line two\n\n  after a blank\nlast: |\n  keep\n  this\n---\n";
  EXPECT_EQ(edited(before, "summary", "short"), "---\nsummary: short\nlast: |\n  keep\n  this\n---\n");
  EXPECT_EQ(edited(before, "last", "x"),
            "---\nsummary: >\n  line one\n  line two\n\n  after a blank\nlast: x\n---\n");
}

TEST(FrontmatterEdit, NestedKeysWithTheSameNameAreNotTopLevel) {
  std::string before = "---\nowner:\n  last_contact: keep\nlast_contact_old: keep\n---\n";
  EXPECT_EQ(edited(before, "last_contact", "'2025-12-19'"),
            "---\nowner:\n  last_contact: keep\nlast_contact_old: keep\nlast_contact: '2025-12-19'\n---\n");
}

TEST(FrontmatterEdit, QuotedKeyAndSpaceBeforeColon) {
  EXPECT_EQ(edited("---\n\"status\": a\nkind : b\n---\n", "status", "c"),
            "---\n\"status\": c\nkind : b\n---\n");
  EXPECT_EQ(edited("---\n\"status\": a\nkind : b\n---\n", "kind", "d"),
            "---\n\"status\": a\nkind : d\n---\n");
}

TEST(FrontmatterEdit, AppendsAbsentKeyBeforeClosingLine) {
  EXPECT_EQ(edited("---\ntitle: T\n---\n\n# T\n", "last_contact", "'2025-12-19'"),
            "---\ntitle: T\nlast_contact: '2025-12-19'\n---\n\n# T\n");
  EXPECT_EQ(edited("---\ntitle: T\n...\n", "k", "v"), "---\ntitle: T\nk: v\n...\n");
  // A closing line without a line ending stays without one.
  EXPECT_EQ(edited("---\ntitle: T\n---", "k", "v"), "---\ntitle: T\nk: v\n---");
}

TEST(FrontmatterEdit, EmptyFrontmatter) {
  EXPECT_EQ(edited("---\n---\nbody\n", "k", "v"), "---\nk: v\n---\nbody\n");
}

TEST(FrontmatterEdit, CreatesFrontmatterAfterTheBom) {
  EXPECT_EQ(edited("# Title\n", "k", "v"), "---\nk: v\n---\n# Title\n");
  EXPECT_EQ(edited("\xEF\xBB\xBF# T\r\nx\r\n", "k", "v"), "\xEF\xBB\xBF---\r\nk: v\r\n---\r\n# T\r\nx\r\n");
  EXPECT_EQ(edited("", "k", "v"), "---\nk: v\n---\n");
}

TEST(FrontmatterEdit, KeepsCrlf) {
  std::string before = "---\r\ntitle: T  # c\r\ntags:\r\n- a\r\n---\r\n# T\r\n";
  EXPECT_EQ(edited(before, "title", "U"), "---\r\ntitle: U  # c\r\ntags:\r\n- a\r\n---\r\n# T\r\n");
  EXPECT_EQ(edited(before, "tags", "[b]"), "---\r\ntitle: T  # c\r\ntags: [b]\r\n---\r\n# T\r\n");
  EXPECT_EQ(edited(before, "new", "v"), "---\r\ntitle: T  # c\r\ntags:\r\n- a\r\nnew: v\r\n---\r\n# T\r\n");
}

TEST(FrontmatterEdit, ReparsesDataAndRenumbersSections) {
  Note note = parse_note("c.md", "# T\nbody\n");
  set_frontmatter_value(note, "last_contact", "'2025-12-19'");
  EXPECT_EQ(frontmatter_string(note, "last_contact"), "2025-12-19");
  ASSERT_EQ(note.sections.size(), 2u);
  EXPECT_EQ(note.sections[1].first_line, 4);
  set_frontmatter_value(note, "tags", "[a, b]");
  EXPECT_EQ(frontmatter_list(note, "tags"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(note.sections[1].first_line, 5);
}

TEST(FrontmatterEdit, InvalidValueLeavesTheNoteUnchanged) {
  std::string before = "---\ntitle: T\n---\nbody\n";
  Note note = parse_note("c.md", before);
  EXPECT_THROW(set_frontmatter_value(note, "title", "[unclosed"), InputError);
  EXPECT_EQ(render_note(note), before);
  EXPECT_EQ(frontmatter_string(note, "title"), "T");
}

TEST(FrontmatterEdit, OnlyTheFirstOfDuplicateKeysChanges) {
  EXPECT_EQ(edited("---\na: 1\nb: 2\n---\n", "a", "3"), "---\na: 3\nb: 2\n---\n");
}

TEST(FrontmatterYamlScalar, PlainWhenSafe) {
  EXPECT_EQ(yaml_scalar("active"), "active");
  EXPECT_EQ(yaml_scalar("Acme Corp"), "Acme Corp");
  EXPECT_EQ(yaml_scalar("type/customer"), "type/customer");
  EXPECT_EQ(yaml_scalar("Zürich AG"), "Zürich AG");
  EXPECT_EQ(yaml_scalar("a:b"), "a:b");
}

TEST(FrontmatterYamlScalar, QuotesWhatWouldNotReadBackAsTheSameString) {
  EXPECT_EQ(yaml_scalar(""), "''");
  EXPECT_EQ(yaml_scalar("2025-12-19"), "'2025-12-19'");
  EXPECT_EQ(yaml_scalar("42"), "'42'");
  EXPECT_EQ(yaml_scalar("-1.5"), "'-1.5'");
  EXPECT_EQ(yaml_scalar("true"), "'true'");
  EXPECT_EQ(yaml_scalar("No"), "'No'");
  EXPECT_EQ(yaml_scalar("null"), "'null'");
  EXPECT_EQ(yaml_scalar("~"), "'~'");
  EXPECT_EQ(yaml_scalar("[[Acme]]"), "'[[Acme]]'");
  EXPECT_EQ(yaml_scalar("#tag"), "'#tag'");
  EXPECT_EQ(yaml_scalar("- item"), "'- item'");
  EXPECT_EQ(yaml_scalar("*bold*"), "'*bold*'");
  EXPECT_EQ(yaml_scalar("Note: this"), "'Note: this'");
  EXPECT_EQ(yaml_scalar("a #b"), "'a #b'");
  EXPECT_EQ(yaml_scalar(" lead"), "' lead'");
  EXPECT_EQ(yaml_scalar("trail "), "'trail '");
  EXPECT_EQ(yaml_scalar("ends:"), "'ends:'");
  EXPECT_EQ(yaml_scalar("'quoted'"), "'''quoted'''");
}

TEST(FrontmatterYamlScalar, EveryQuotedFormReadsBack) {
  for (std::string s : {"", "2025-12-19", "true", "it's", "'x'", "a: b", "[[A]]", "x #y", "@at", "%pct",
                        " both ", "line\nbreak", "{}", "yes", "0x1F", ".5"}) {
    YAML::Node node = YAML::Load("k: " + yaml_scalar(s));
    ASSERT_TRUE(node["k"].IsScalar()) << s;
    EXPECT_EQ(node["k"].as<std::string>(), s) << yaml_scalar(s);
    EXPECT_EQ(node["k"].Tag(), yaml_scalar(s) == s ? "?" : "!") << s;
  }
}

}  // namespace
}  // namespace dossier
