#include "vault/customer_template.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "tests/test_util.h"
#include "util/error.h"
#include "vault/note.h"
#include "vault/templates.h"

namespace dossier {
namespace {

std::string builtin_customer_template() {
  return testing::read_text(testing::source_dir() / "templates/customer.md");
}

const char kRendered[] = R"(---
type: customer
title: Northwind
created: '2026-02-01'
last_contact: ''
status: prospect
auto_created: true
tags:
- type/customer
- needs-review
- status/prospect
---

# Northwind

## Account Overview

_Who they are, what they do, and how we work with them..._

## Account Status

| Field | Value |
|-------|-------|
| **Status** | Prospect |
| **Industry** | _Unknown_ |

## Key Contacts

_No contacts recorded yet._

## Active Projects

_Projects and initiatives under way with this customer..._

```dataview
LIST
FROM "Projects"
WHERE contains(file.outlinks, this.file.link)
```

## Current Blockers

_No blockers recorded._

## Next Steps

_No next steps recorded._

## Open Tasks

```dataview
TASK
WHERE !completed AND (file.path = this.file.path OR contains(file.outlinks, this.file.link))
SORT due ASC
```

## Opportunities

_No opportunities recorded._

## Key Decisions

_No decisions recorded._

## Key Facts

_No facts recorded._

## Topics / Themes

_No topics recorded._

## Recent Context

_No meetings recorded._

## Related People

_Team members working on this account..._

---
*Last updated: 2026-02-01*
)";

TEST(CustomerTemplateTest, BuiltInTemplateFilledCompletely) {
  std::string text = render_customer_template(builtin_customer_template(), "Northwind", "2026-02-01");
  EXPECT_EQ(text, kRendered);
  EXPECT_EQ(text.find("{{"), std::string::npos);
}

TEST(CustomerTemplateTest, BuiltInCopyMatchesTheSourceFile) {
  EXPECT_EQ(builtin_template("customer.md"), std::optional<std::string_view>(builtin_customer_template()));
}

TEST(CustomerTemplateTest, StatusAgreesEverywhere) {
  std::string text =
      render_customer_template(builtin_customer_template(), "Northwind", "2026-02-01", "on hold");
  Note note = parse_note("n.md", text);
  EXPECT_EQ(frontmatter_string(note, "status"), "on hold");
  EXPECT_EQ(frontmatter_list(note, "tags"),
            (std::vector<std::string>{"type/customer", "needs-review", "status/on-hold"}));
  EXPECT_NE(text.find("| **Status** | On hold |\n"), std::string::npos);
  EXPECT_EQ(frontmatter_string(note, "auto_created"), "true");
  EXPECT_EQ(frontmatter_string(note, "last_contact"), "");
  EXPECT_EQ(frontmatter_string(note, "created"), "2026-02-01");

  std::string defaulted =
      render_customer_template(builtin_customer_template(), "Northwind", "2026-02-01", " ");
  EXPECT_EQ(defaulted, kRendered);
  std::string unicode = render_customer_template("| **Status** | {{Status}} |\n", "N", "d", "ärger");
  EXPECT_EQ(unicode,
            "---\ntype: customer\nauto_created: true\nstatus: ärger\n"
            "tags: [type/customer, needs-review, status/ärger]\n---\n| **Status** | Ärger |\n");
}

TEST(CustomerTemplateTest, NamesThatNeedYamlQuotingStayStrings) {
  for (const std::string name : {"Acme: Europe", "#1 Corp", "true", "2025", "O'Brien & Co", "- dash",
                                 "Line\nbreak\tand\x01 control"}) {
    std::string text = render_customer_template(builtin_customer_template(), name, "2026-02-01");
    Note note = parse_note("n.md", text);
    std::string one_line = name == "Line\nbreak\tand\x01 control" ? "Line break and control" : name;
    EXPECT_EQ(frontmatter_string(note, "title"), one_line) << name;
    EXPECT_NE(text.find("\n# " + one_line + "\n"), std::string::npos) << name;
  }
  std::string text = render_customer_template(builtin_customer_template(), "Acme: Europe", "2026-02-01");
  EXPECT_NE(text.find("\ntitle: 'Acme: Europe'\n"), std::string::npos);
}

TEST(CustomerTemplateTest, QuotedPlaceholdersAreEscapedForTheirQuotes) {
  EXPECT_EQ(render_customer_template(
                "---\ntitle: '{{name}}'\nalias: \"{{name}}\"\ntype: customer\n"
                "auto_created: true\nstatus: x\ntags: [type/customer, needs-review, status/x]\n---\n",
                "O'Brien \"B\"", "d", "x"),
            "---\ntitle: 'O''Brien \"B\"'\nalias: \"O'Brien \\\"B\\\"\"\ntype: customer\n"
            "auto_created: true\nstatus: x\ntags: [type/customer, needs-review, status/x]\n---\n");
}

TEST(CustomerTemplateTest, VaultTemplateGetsCustomerKeysAndStatusRow) {
  const char vault_template[] =
      "---\r\ntags: [client]\r\ncreated: {{date:YYYY-MM-DD}}\r\n---\r\n# {{title}}\r\n\r\n"
      "| Field | Value |\r\n|---|---|\r\n| Status | Active |\r\n| Owner | {{name}} | x |\r\n{{unknown}}\r\n";
  EXPECT_EQ(
      render_customer_template(vault_template, "A|B", "2026-02-01"),
      "---\r\ntags: [client, type/customer, needs-review, status/prospect]\r\ncreated: '2026-02-01'\r\n"
      "type: customer\r\nauto_created: true\r\nstatus: prospect\r\n---\r\n# A|B\r\n\r\n"
      "| Field | Value |\r\n|---|---|\r\n| Status | Prospect |\r\n| Owner | A\\|B | x |\r\n{{unknown}}\r\n");
}

TEST(CustomerTemplateTest, BrokenTemplateFrontmatterIsAnInputError) {
  EXPECT_THROW(render_customer_template("---\ntitle: [unclosed\n---\n", "N", "d"), InputError);
}

TEST(CustomerFileNameTest, NeverLeavesTheCustomersFolder) {
  struct Case {
    std::string name, file;
  };
  const Case cases[] = {
      {"Northwind", "Northwind.md"},
      {"Acme / Europe", "Acme - Europe.md"},
      {"../../etc/passwd", "-..-etc-passwd.md"},
      {"..", "Unnamed customer.md"},
      {"...", "Unnamed customer.md"},
      {".hidden", "hidden.md"},
      {"a\\b", "a-b.md"},
      {"C:\\Windows", "C--Windows.md"},
      {"What? *Really* <now> | \"x\"", "What- -Really- -now- - -x-.md"},
      {"Line\nbreak\r\x01\x7f", "Line break.md"},
      {"Tags #a ^b [c]", "Tags -a -b -c-.md"},
      {"CON", "CON_.md"},
      {"nul.txt", "nul_.txt.md"},
      {"com7", "com7_.md"},
      {"LPT10", "LPT10.md"},
      {"Console", "Console.md"},
      {"Trailing dots...  ", "Trailing dots.md"},
      {"", "Unnamed customer.md"},
      {" \t\n", "Unnamed customer.md"},
      {"Bad\xff"
       "byte",
       "Bad-byte.md"},
      {"Åsa Ärlig AB", "Åsa Ärlig AB.md"},
  };
  for (const Case& c : cases) EXPECT_EQ(safe_note_file_name(c.name), c.file) << c.name;
}

TEST(CustomerFileNameTest, LongNamesCutOnACharacterBoundary) {
  std::string name;
  for (int i = 0; i < 100; ++i) name += "é";  // 2 bytes each
  std::string file = safe_note_file_name(name);
  EXPECT_EQ(file.size(), 116u + 3u);  // 117 bytes allowed for the stem, 'é' does not fit whole
  EXPECT_EQ(file, name.substr(0, 116) + ".md");
  EXPECT_EQ(safe_note_file_name(std::string(200, 'a')), std::string(117, 'a') + ".md");
  EXPECT_EQ(safe_note_file_name(std::string(116, 'a') + " ....b"), std::string(116, 'a') + ".md");
}

TEST(CustomerTemplateTest, SectionsFollowTheSectionsMap) {
  std::string rendered = render_customer_template(*builtin_template("customer.md"), "Acme", "2025-12-31");
  std::map<std::string, std::string> sections{{"next_step", "Action Items"}, {"decision", "Key Decisions"}};
  std::string remapped = remap_template_sections(rendered, sections);
  Note note = parse_note("n.md", remapped);
  EXPECT_NE(find_section(note, "Action Items"), nullptr) << remapped;
  EXPECT_EQ(find_section(note, "Next Steps"), nullptr) << remapped;
  std::vector<std::string> titles = section_titles(remapped);
  auto at = [&](const std::string& t) { return std::find(titles.begin(), titles.end(), t) - titles.begin(); };
  EXPECT_LT(at("Current Blockers"), at("Action Items"));
  EXPECT_LT(at("Action Items"), at("Open Tasks")) << "the renamed section keeps its place";
  // Only the heading changed.
  std::string back = remapped;
  back.replace(back.find("## Action Items"), std::string("## Action Items").size(), "## Next Steps");
  EXPECT_EQ(back, rendered);
  EXPECT_EQ(remap_template_sections(rendered, {}), rendered);
  // A template that has the mapped heading already keeps both as they are.
  std::string both = rendered + "\n## Action Items\n";
  EXPECT_EQ(remap_template_sections(both, sections), both);
}

}  // namespace
}  // namespace dossier
