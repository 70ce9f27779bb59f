// Byte-exact round trip: every Markdown file in fixtures/ (whatever is there)
// and a set of inline edge cases parse and render back to identical bytes,
// and an edit in one place leaves every other byte of the file alone.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "tests/test_util.h"
#include "util/error.h"
#include "util/text.h"
#include "vault/frontmatter_edit.h"
#include "vault/note.h"
#include "vault/section_edit.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;

// Fixture files meant to be rejected live under a directory named "invalid".
bool expected_invalid(const fs::path& path) {
  return std::any_of(path.begin(), path.end(), [](const fs::path& part) { return part == "invalid"; });
}

std::vector<fs::path> fixture_notes() {
  std::vector<fs::path> notes;
  fs::path root = fs::path(DOSSIER_SOURCE_DIR) / "fixtures";
  if (!fs::exists(root)) return notes;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".md") notes.push_back(entry.path());
  }
  std::sort(notes.begin(), notes.end());
  return notes;
}

// Checks the structure invariants on top of the byte-exact render.
void expect_round_trip(const std::string& name, const std::string& bytes) {
  SCOPED_TRACE(name);
  Note note = parse_note(name, bytes);
  ASSERT_EQ(render_note(note), bytes);
  ASSERT_FALSE(note.sections.empty());
  EXPECT_EQ(note.sections[0].level, 0);
  int line = note.frontmatter ? line_of_offset(note.frontmatter->raw, note.frontmatter->raw.size()) : 1;
  for (size_t i = 0; i < note.sections.size(); ++i) {
    const Section& section = note.sections[i];
    EXPECT_EQ(section.first_line, line) << "section " << i;
    line += line_of_offset(section.raw, section.raw.size()) - 1;
    if (i > 0) {
      EXPECT_GE(section.level, 1);
      EXPECT_EQ(section.raw.find('#') <= 3, true) << section.raw.substr(0, 40);
    }
  }
}

// Appending to section i must leave the bytes before and after it unchanged.
void expect_section_edits_are_local(const std::string& name, const std::string& bytes) {
  Note original = parse_note(name, bytes);
  size_t offset = original.bom.size() + (original.frontmatter ? original.frontmatter->raw.size() : 0);
  for (size_t i = 0; i < original.sections.size(); ++i) {
    SCOPED_TRACE(name + " section " + std::to_string(i));
    Note note = original;
    append_lines(note.sections[i], {"- dossier round-trip probe"}, note.newline, {});
    std::string rendered = render_note(note);
    size_t end = offset + original.sections[i].raw.size();
    EXPECT_EQ(rendered.substr(0, offset), bytes.substr(0, offset));
    size_t tail = bytes.size() - end;
    ASSERT_GE(rendered.size(), tail);
    EXPECT_EQ(rendered.substr(rendered.size() - tail), bytes.substr(end));
    EXPECT_NE(note.sections[i].raw.find("- dossier round-trip probe"), std::string::npos);
    offset = end;
  }
}

// Setting an absent frontmatter key inserts exactly one line.
void expect_frontmatter_edit_is_local(const std::string& name, const std::string& bytes) {
  Note note = parse_note(name, bytes);
  if (!note.frontmatter) return;
  SCOPED_TRACE(name);
  std::string raw = note.frontmatter->raw;
  auto lines = split_lines(raw);
  size_t closing = note.bom.size() + raw.size() - lines.back().size();
  set_frontmatter_value(note, "dossier_probe", "'2025-12-19'");
  std::string expected =
      bytes.substr(0, closing) + "dossier_probe: '2025-12-19'" + note.newline + bytes.substr(closing);
  EXPECT_EQ(render_note(note), expected);
  EXPECT_EQ(frontmatter_string(note, "dossier_probe"), "2025-12-19");
}

TEST(RoundTripFixtures, EveryMarkdownFileRendersBackByteForByte) {
  std::vector<fs::path> notes = fixture_notes();
  if (notes.empty()) GTEST_SKIP() << "no fixtures yet";
  int checked = 0;
  for (const fs::path& path : notes) {
    std::string bytes = testing::read_text(path);
    std::string name = fs::relative(path, DOSSIER_SOURCE_DIR).string();
    if (expected_invalid(path)) {
      EXPECT_THROW(parse_note(name, bytes), InputError) << name;
      continue;
    }
    try {
      expect_round_trip(name, bytes);
      expect_section_edits_are_local(name, bytes);
      expect_frontmatter_edit_is_local(name, bytes);
      ++checked;
    } catch (const InputError& e) {
      ADD_FAILURE() << e.what();
    }
  }
  EXPECT_GT(checked, 0);
}

// Small files covering each shape the parser must keep exactly.
const std::vector<std::string>& edge_cases() {
  static const std::vector<std::string> cases = {
      "",
      "\n",
      "\r\n",
      "no final newline",
      "# only a heading",
      "\xEF\xBB\xBF",
      "\xEF\xBB\xBF# BOM then heading\n",
      "\xEF\xBB\xBF---\ntitle: x\n---\n",
      "---\n---\n",
      "---\n---",
      "---\r\n---\r\nbody",
      "---\ntitle: x\n---\n# H\n",
      "---\ntitle: x\n...\n# H\n",
      "---   \ntitle: x\n---  \n# H\n",
      "---\r\na: 1\r\n---\r\n\r\n# T\r\n\r\n- x  \r\n\t- y\t\r\n",
      "mixed\r\nline\nendings\r\n# H\n  \n",
      "text before\n\n# First\n",
      "  # three-space heading\n    # four-space code\n",
      "#tag\n#another-tag and text\n",
      "Setext\n======\nSub\n---\n",
      "```\n# fenced\n```\n# real\n",
      "~~~\n# fenced\n~~~\n# real\n",
      "````\n```\n# inside\n````\n# real\n",
      "```dataview\nTABLE file.name\n# inside\n```\n\n## Next\n",
      "```\nunterminated\n# inside\n",
      "##\n###   \n#### closed ####\n",
      "trailing spaces   \ntabs\t\t\n\n\n",
      "## A\n\n\n\n## B\n\n\n",
      "- [[Wiki Link]]\n> # in a block quote\n",
      "Ünïcödé 東京 😀\n# Überschrift\n",
      "\r",
      "lone\rCR\r# not split\r",
  };
  return cases;
}

TEST(RoundTripEdgeCases, EachRendersBackByteForByte) {
  for (const std::string& bytes : edge_cases()) expect_round_trip("edge.md", bytes);
}

TEST(RoundTripEdgeCases, EditsStayLocal) {
  for (const std::string& bytes : edge_cases()) {
    expect_section_edits_are_local("edge.md", bytes);
    expect_frontmatter_edit_is_local("edge.md", bytes);
  }
}

// Every combination of BOM, frontmatter, line ending and final newline.
TEST(RoundTripEdgeCases, Combinations) {
  for (std::string bom : {"", "\xEF\xBB\xBF"}) {
    for (std::string eol : {"\n", "\r\n"}) {
      for (std::string frontmatter : {"", "---|---|", "---|title: 'T' # c|tags: [a, b]|---|"}) {
        for (bool final_newline : {true, false}) {
          std::string body = "intro|# T|  |```|# code|```|## S\t|- a  |";
          std::string text = frontmatter + body;
          std::replace(text.begin(), text.end(), '|', '\x01');
          std::string bytes = bom;
          for (char c : text) bytes += c == '\x01' ? eol : std::string(1, c);
          if (!final_newline) bytes.resize(bytes.size() - eol.size());
          expect_round_trip("combo.md", bytes);
          Note note = parse_note("combo.md", bytes);
          ASSERT_EQ(note.sections.size(), 3u);
          EXPECT_EQ(note.newline, eol);
          EXPECT_EQ(note.bom, bom);
        }
      }
    }
  }
}

// Random notes built from Markdown-significant fragments: parsing either
// fails with an InputError or round-trips with local edits. Seeded, so a
// failure reproduces.
TEST(RoundTripEdgeCases, RandomFragments) {
  const std::vector<std::string> fragments = {
      "#",    "## ",   "# H",  " ",    "\t",           "\n", "\r\n", "\r",
      "```",  "~~~",   "````", "---",  "...",          "- ", "_x_",  "*Last updated*",
      "k: v", "[[A]]", "é",    "text", "\xEF\xBB\xBF", ":"};
  std::mt19937 random(20251219);
  std::uniform_int_distribution<size_t> pick(0, fragments.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  int parsed = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string bytes;
    for (int n = length(random); n > 0; --n) bytes += fragments[pick(random)];
    SCOPED_TRACE(::testing::PrintToString(bytes));
    try {
      parse_note("random.md", bytes);
    } catch (const InputError&) {
      continue;
    }
    ++parsed;
    expect_round_trip("random.md", bytes);
    expect_section_edits_are_local("random.md", bytes);
    expect_frontmatter_edit_is_local("random.md", bytes);
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(parsed, 1000);
}

// The YAML between a frontmatter's "---" lines, parsed on its own so that
// the test judges the edit by yaml-cpp and not by dossier's view of it.
YAML::Node yaml_of(const Frontmatter& frontmatter) {
  std::vector<std::string_view> lines = split_lines(frontmatter.raw);
  std::string yaml;
  for (size_t i = 1; i + 1 < lines.size(); ++i) yaml += lines[i];
  return YAML::Load(yaml);
}

// Random frontmatter assembled from valid YAML entries of every shape
// (yaml-cpp accepts some invalid YAML, so the pieces are valid by
// construction): setting one key must keep every other key's value and
// every byte after the frontmatter.
TEST(RoundTripEdgeCases, RandomFrontmatterEdits) {
  const std::vector<std::string> entries = {"a: 1",
                                            "tags:\n- x\n- y",
                                            "tags:\n  - y\n\n  - z",
                                            "# own-line comment",
                                            "",
                                            "  ",
                                            "b: 'q # r' # s",
                                            "c: >\n  folded\n\n  more",
                                            "d: [1, 2]",
                                            "status: old",
                                            "status: \"quoted\"  # why",
                                            "e: 2025-12-19",
                                            "f: {k: v}",
                                            "g:\n  nested: 1\n  other: [2]",
                                            "status:\n- a\n- b",
                                            "status:\n# inside\n  - a",
                                            "status: |-\n  literal",
                                            "h: it's",
                                            "i:",
                                            "status:"};
  std::mt19937 random(1219);
  std::uniform_int_distribution<size_t> pick(0, entries.size() - 1);
  std::uniform_int_distribution<int> length(0, 10);
  int edited = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string eol = round % 3 == 0 ? "\r\n" : "\n";
    std::string yaml;
    for (int n = length(random); n > 0; --n) yaml += entries[pick(random)] + "\n";
    std::string bytes = "---" + eol;
    for (char c : yaml) bytes += c == '\n' ? eol : std::string(1, c);
    bytes += "---" + eol + "# Body" + eol + "text" + eol;
    SCOPED_TRACE(::testing::PrintToString(bytes));
    Note note;
    try {
      note = parse_note("random.md", bytes);
    } catch (const InputError&) {
      continue;
    }
    std::string body = bytes.substr(note.frontmatter->raw.size());
    YAML::Node before = yaml_of(*note.frontmatter);
    try {
      set_frontmatter_value(note, "status", "'new'");
    } catch (const InputError& e) {
      FAIL() << e.what();
    }
    ++edited;
    std::string rendered = render_note(note);
    ASSERT_EQ(rendered.substr(rendered.size() - body.size()), body);
    Note reparsed = parse_note("random.md", rendered);
    ASSERT_EQ(frontmatter_string(reparsed, "status"), "new");
    if (before.IsMap()) {
      YAML::Node after = yaml_of(*reparsed.frontmatter);
      std::map<std::string, int> seen;
      for (const auto& entry : before) ++seen[entry.first.as<std::string>()];
      for (const auto& entry : before) {
        std::string key = entry.first.as<std::string>();
        if (key == "status" || seen[key] > 1) continue;  // duplicates: YAML leaves it open
        EXPECT_EQ(YAML::Dump(after[key]), YAML::Dump(entry.second)) << key;
      }
    }
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(edited, 1000);
}

}  // namespace
}  // namespace dossier
