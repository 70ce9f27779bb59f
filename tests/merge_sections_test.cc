#include "pipeline/merge.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/merge_test_util.h"
#include "vault/customer_template.h"
#include "vault/templates.h"

namespace dossier {
namespace {

using namespace merge_test;

TEST(MergeSectionsTest, RecentContextStaysNewestFirst) {
  const char before[] =
      "---\nlast_contact: '2027-01-01'\n---\n"
      "## Recent Context\n\n"
      "- 2025-12-10: [[2025-12-10 QBR]] - Quarterly review\n"
      "- 2025-11-02: [[2025-11-02 Sync]] - First sync\n\n"
      "## Related People\n";
  Meeting newest = make_meeting("2026-01-05 Call", "2026-01-05");
  Meeting middle = make_meeting("2025-11-20 Call", "2025-11-20");
  Meeting same_day = make_meeting("2025-11-02 Other", "2025-11-02");
  Meeting oldest = make_meeting("2025-10-01 Intro", "2025-10-01");
  Meeting undated = make_meeting("Hallway chat", "");
  Meeting known = make_meeting("2025-12-10 QBR", "2025-12-10");
  NoteMemory memory;
  std::vector<MeetingItems> batch;
  for (const Meeting* m : {&oldest, &same_day, &middle, &known, &newest, &undated}) {
    batch.push_back({m, {make_item(ItemKind::summary, "About " + m->name)}, {}, ""});
  }
  Merged result = merged(before, batch, memory);
  EXPECT_EQ(result.text,
            "---\nlast_contact: '2027-01-01'\n---\n"
            "## Recent Context\n\n"
            "- 2026-01-05: [[2026-01-05 Call]] - About 2026-01-05 Call\n"
            "- 2025-12-10: [[2025-12-10 QBR]] - Quarterly review\n"
            "- 2025-11-20: [[2025-11-20 Call]] - About 2025-11-20 Call\n"
            "- 2025-11-02: [[2025-11-02 Other]] - About 2025-11-02 Other\n"
            "- 2025-11-02: [[2025-11-02 Sync]] - First sync\n"
            "- 2025-10-01: [[2025-10-01 Intro]] - About 2025-10-01 Intro\n"
            "- [[Hallway chat]] - About Hallway chat\n\n"
            "## Related People\n");
  EXPECT_EQ(result.stats.items_added, 5);
  EXPECT_EQ(result.stats.items_merged, 1);
}

// Italic lines the user wrote into an owned section look like placeholders
// but are not the template's: they stay, and items go after them.
// last_contact stays: only the sections are under test.
const std::string kFront = "---\nlast_contact: '2027-01-01'\n---\n";

TEST(MergeSectionsTest, UserItalicLinesAreNotPlaceholders) {
  Meeting review = make_meeting(kReview, "2025-12-01");
  NoteMemory memory;
  Merged result = merged(kFront +
                             "## Next Steps\n\n_Do not call Maya before March 3._\n\n## Recent Context\n\n"
                             "__Met Maya at the summit.__\n\n## Key Facts\n\n_No facts recorded._\n",
                         {at(review, {make_item(ItemKind::next_step, "Send the quote"),
                                      make_item(ItemKind::fact, "Runs two data centres"),
                                      make_item(ItemKind::summary, "Pilot scoped")})},
                         memory);
  EXPECT_EQ(result.text, kFront +
                             "## Next Steps\n\n_Do not call Maya before March 3._\n- [ ] Send the quote "
                             "([[2025-12-01 Review]])\n\n"
                             "## Recent Context\n\n- 2025-12-01: [[2025-12-01 Review]] - Pilot scoped\n__Met "
                             "Maya at the summit.__\n\n"
                             "## Key Facts\n\n- Runs two data centres ([[2025-12-01 Review]])\n");
}

// dossier's sections sit at the template's heading level: the user's own
// "### Next Steps" inside their project section is theirs.
TEST(MergeSectionsTest, OwnedSectionsMatchTheTemplateLevel) {
  Meeting review = make_meeting(kReview, "2025-12-01");
  NoteMemory memory;
  Merged result = merged(
      kFront +
          "## Project Phoenix\n\n### Next Steps\n\n- my plan\n\n## Next Steps\n\n_No next steps recorded._\n",
      {at(review, {make_item(ItemKind::next_step, "Send the quote")})}, memory);
  EXPECT_EQ(result.text, kFront +
                             "## Project Phoenix\n\n### Next Steps\n\n- my plan\n\n## Next Steps\n\n"
                             "- [ ] Send the quote ([[2025-12-01 Review]])\n");
  Merged created = merged(kFront + "## Project Phoenix\n\n### Next Steps\n\n- my plan\n",
                          {at(review, {make_item(ItemKind::next_step, "Send the quote")})}, memory = {});
  EXPECT_EQ(created.text, kFront +
                              "## Project Phoenix\n\n### Next Steps\n\n- my plan\n\n## Next Steps\n\n"
                              "- [ ] Send the quote ([[2025-12-01 Review]])\n\n");
}

// Only dossier's footer (a rule, then the line with exactly a date) moves;
// the user's own "Last updated" line in their section stays as written.
TEST(MergeSectionsTest, UserLastUpdatedLineIsNotTheFooter) {
  Meeting review = make_meeting(kReview, "2025-12-01");
  NoteMemory memory;
  Merged result = merged(kFront +
                             "## Key Facts\n\n---\n*Last updated: 2025-01-01*\n\n## Contract\n\n"
                             "*Last updated: 2024-05-01 (Jane, legal)* terms checked\n",
                         {at(review, {make_item(ItemKind::fact, "Runs two data centres")})}, memory);
  EXPECT_EQ(result.text, kFront +
                             "## Key Facts\n\n- Runs two data centres ([[2025-12-01 Review]])\n\n---\n*Last "
                             "updated: 2026-02-01*\n\n"
                             "## Contract\n\n*Last updated: 2024-05-01 (Jane, legal)* terms checked\n");
}

TEST(MergeSectionsTest, RecentContextReplacesPlaceholder) {
  Meeting review = make_meeting(kReview, "2025-12-01");
  NoteMemory memory;
  Merged result = merged(
      "---\nlast_contact: '2027-01-01'\n---\n## Recent Context\n\n_No meetings recorded._\n\n## Related "
      "People\n",
      {{&review, {make_item(ItemKind::summary, "Pilot   scoped\nand agreed")}, {}, ""}}, memory);
  EXPECT_EQ(result.text,
            "---\nlast_contact: '2027-01-01'\n---\n"
            "## Recent Context\n\n- 2025-12-01: [[2025-12-01 Review]] - Pilot scoped and agreed\n\n"
            "## Related People\n");
}

TEST(MergeSectionsTest, TopicsMergeIntoOneLineWithoutRepeats) {
  Meeting sync = make_meeting(kSync, "");
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  const char before[] = "## Topics / Themes\n\nStorage refresh, Backup windows  \n\n## Recent Context\n";
  Merged result =
      merged(before,
             {at(sync, {make_item(ItemKind::topic, "backup WINDOWS, Pilot scope"),
                        make_item(ItemKind::topic, "Ransomware recovery")}),
              at(review, {make_item(ItemKind::topic, "pilot scope"), make_item(ItemKind::topic, " , ")})},
             memory);
  EXPECT_EQ(result.text,
            "## Topics / Themes\n\nStorage refresh, Backup windows, Pilot scope, Ransomware recovery\n\n"
            "## Recent Context\n");
  EXPECT_EQ(result.stats.items_added, 2);
  EXPECT_EQ(result.stats.items_merged, 2);
  Merged empty = merged("## Topics / Themes\n\n_No topics recorded._\n",
                        {at(sync, {make_item(ItemKind::topic, "A, B")})}, memory);
  EXPECT_EQ(empty.text, "## Topics / Themes\n\nA, B\n");
}

TEST(MergeSectionsTest, LastContactNeverGoesBackAndIsAddedWhenAbsent) {
  Meeting older = make_meeting("2025-10-01 Intro", "2025-10-01");
  Meeting newer = make_meeting("2026-01-10 Call", "2026-01-10");
  NoteMemory memory;
  const char with[] = "---\nlast_contact: '2025-11-02' # kept comment\ntags: [a]\n---\n# N\n";
  EXPECT_EQ(merged(with, {at(older, {})}, memory).text, with);
  EXPECT_EQ(merged(with, {at(older, {}), at(newer, {})}, memory).text,
            "---\nlast_contact: '2026-01-10' # kept comment\ntags: [a]\n---\n# N\n");
  EXPECT_EQ(merged("---\ntitle: N\n---\n# N\n", {at(older, {})}, memory).text,
            "---\ntitle: N\nlast_contact: '2025-10-01'\n---\n# N\n");
}

TEST(MergeSectionsTest, FooterKeepsItsTrailingTextAndChangesOnlyWithTheNote) {
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  const char before[] = "## Key Facts\n\n- Known fact\n\n---\n*Last updated: 2025-01-01* (by dossier)\r\n";
  EXPECT_EQ(merged(before, {at(review, {make_item(ItemKind::fact, "known fact")})}, memory).text, before);
  EXPECT_EQ(merged(before, {at(review, {make_item(ItemKind::fact, "New fact")})}, memory).text,
            "## Key Facts\n\n- Known fact\n- New fact ([[2025-12-01 Review]])\n\n---\n"
            "*Last updated: 2026-02-01* (by dossier)\r\n");
}

TEST(MergeSectionsTest, DataviewBlocksAreNeitherEntriesNorTouched) {
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  const char before[] =
      "## Next Steps\n\n_None yet._\n\n```dataview\nTASK\n- [ ] Send the pilot plan\n```\n\n"
      "## Open Tasks\n\n```dataview\nTASK\nWHERE !completed\n```\n";
  Merged result =
      merged(before, {at(review, {make_item(ItemKind::next_step, "Send the pilot plan")})}, memory);
  EXPECT_EQ(result.text,
            "## Next Steps\n\n_None yet._\n\n```dataview\nTASK\n- [ ] Send the pilot plan\n```\n"
            "- [ ] Send the pilot plan ([[2025-12-01 Review]])\n\n"
            "## Open Tasks\n\n```dataview\nTASK\nWHERE !completed\n```\n");
}

TEST(MergeSectionsTest, MissingSectionsAreCreatedAndUnknownSectionsKept) {
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  const char before[] =
      "# Northwind\n\n## My scratchpad\n\nRemember: ask about Porto.\n\n## Related People\n\n- [[Dana "
      "Reyes]]\n\n"
      "---\n*Last updated: 2025-01-01*\n";
  MeetingItems items{
      &review,
      {make_item(ItemKind::fact, "Has a Porto office"), make_item(ItemKind::opportunity, "Second site")},
      {"Lee Park"},
      ""};
  Merged result = merged(before, {items}, memory);
  EXPECT_EQ(result.text,
            "# Northwind\n\n## My scratchpad\n\nRemember: ask about Porto.\n\n"
            "## Opportunities\n\n- Signal: Second site ([[2025-12-01 Review]])\n\n"
            "## Key Facts\n\n- Has a Porto office ([[2025-12-01 Review]])\n\n"
            "## Related People\n\n- [[Dana Reyes]]\n- [[Lee Park]]\n\n"
            "---\n*Last updated: 2026-02-01*\n");
}

TEST(MergeSectionsTest, CustomSectionNamesFromOptions) {
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  MergeOptions options = merge_options();
  options.sections["fact"] = "Facts";
  options.sections.erase("decision");  // falls back to the default heading
  Merged result = merged("## Facts\n\n## Key Decisions\n",
                         {at(review, {make_item(ItemKind::fact, "F"), make_item(ItemKind::decision, "D")})},
                         memory, options);
  EXPECT_EQ(result.text,
            "## Facts\n\n- F ([[2025-12-01 Review]])\n\n## Key Decisions\n- ✅ D ([[2025-12-01 Review]])\n");
}

TEST(MergeSectionsTest, TenThousandLineSection) {
  std::string before = "## Key Facts\n\n";
  std::string expected = before;
  NoteMemory memory;
  for (int i = 0; i < 10000; ++i) {
    std::string line = "- Fact number " + std::to_string(i) + " about rack " + std::to_string(i * 7) +
                       " ([[" + kSync + "]])";
    before += line + "\n";
    if (i == 5000) {
      memory.own_lines.insert(line);
      line = line.substr(0, line.size() - 1) + ", [[" + kReview + "]])";
    }
    expected += line + "\n";
  }
  before += "\n## Recent Context\n";
  expected += "- A brand new fact ([[" + kReview + "]])\n\n## Recent Context\n";
  Meeting review = make_meeting(kReview, "");
  Merged result = merged(before,
                         {at(review, {make_item(ItemKind::fact, "Fact number 5000 about rack 35000"),
                                      make_item(ItemKind::fact, "Fact number 17 about rack 119."),
                                      make_item(ItemKind::fact, "A brand new fact")})},
                         memory);
  EXPECT_EQ(result.text, expected);
  EXPECT_EQ(result.stats.items_added, 1);
  EXPECT_EQ(result.stats.items_merged, 2);
}

// A note dossier just created from the built-in template, then merged into.
TEST(MergeSectionsTest, NewNoteFromTheTemplate) {
  std::optional<std::string_view> customer_template = builtin_template("customer.md");
  ASSERT_TRUE(customer_template);
  std::string created = render_customer_template(*customer_template, "Northwind", "2026-02-01");
  Meeting review = make_meeting(kReview, "2025-12-01");
  MeetingItems items{&review,
                     {make_item(ItemKind::decision, "Pilot starts with the archive tier"),
                      make_item(ItemKind::fact, "Has 3 PB of cold data"),
                      make_item(ItemKind::next_step, "Send the pilot plan"),
                      make_item(ItemKind::topic, "Pilot scope, storage refresh"),
                      make_item(ItemKind::summary, "Agreed the pilot scope")},
                     {"Sam Ortiz"},
                     "Sam Ortiz"};
  NoteMemory memory;
  Merged result = merged(created, {items}, memory);
  std::string expected = created;
  auto replace = [&](const std::string& from, const std::string& to) {
    size_t at = expected.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    expected.replace(at, from.size(), to);
  };
  replace("last_contact: ''", "last_contact: '2025-12-01'");
  replace("_No next steps recorded._", "- [ ] Send the pilot plan ([[2025-12-01 Review]])");
  replace("_No decisions recorded._", "- ✅ Pilot starts with the archive tier ([[2025-12-01 Review]])");
  replace("_No facts recorded._", "- Has 3 PB of cold data ([[2025-12-01 Review]])");
  replace("_No topics recorded._", "Pilot scope, storage refresh");
  replace("_No meetings recorded._",
          "- 2025-12-01: [[2025-12-01 Review]] - Agreed the pilot scope (via Sam Ortiz)");
  replace("_Team members working on this account..._", "- [[Sam Ortiz]]");
  EXPECT_EQ(result.text, expected);
  EXPECT_EQ(result.stats.items_added, 7);
  EXPECT_EQ(merged(result.text, {items}, memory).text, result.text);
}

}  // namespace
}  // namespace dossier

namespace dossier::merge_test {

TEST(MergeSectionsTest, KeyContactsHoldOneLinePerPersonWhateverTheRoleText) {
  const char before[] =
      "---\nlast_contact: '2027-01-01'\n---\n"
      "## Key Contacts\n\n"
      "- [[Maya Okafor]] – Head of Infrastructure, signs the big POs\n\n"
      "## Related People\n";
  Meeting first = make_meeting("2025-11-01 Kickoff", "2025-11-01");
  Meeting second = make_meeting("2025-11-08 Weekly", "2025-11-08");
  NoteMemory memory;
  Merged result = merged(before,
                         {at(first, {make_item(ItemKind::contact, "Maya Okafor (Head of Infrastructure)"),
                                     make_item(ItemKind::contact, "Ken Ishida (storage lead)")}),
                          at(second, {make_item(ItemKind::contact, "Ken Ishida")})},
                         memory);
  EXPECT_EQ(result.text,
            "---\nlast_contact: '2027-01-01'\n---\n"
            "## Key Contacts\n\n"
            "- [[Maya Okafor]] – Head of Infrastructure, signs the big POs\n"
            "- Ken Ishida (storage lead) ([[2025-11-01 Kickoff]], [[2025-11-08 Weekly]])\n\n"
            "## Related People\n");
  EXPECT_EQ(result.stats.items_added, 1);
  EXPECT_EQ(result.stats.items_merged, 2);
}

}  // namespace dossier::merge_test

namespace dossier::merge_test {

// A later role rewrites the line only while it is still dossier's own.
TEST(MergeSectionsTest, AContactsNewerRoleUpdatesOnlyDossiersOwnLine) {
  const char before[] =
      "---\nlast_contact: '2027-01-01'\n---\n"
      "## Key Contacts\n\n"
      "- [[Raj Patel]] - Head of IT, sponsor\n\n"
      "## Related People\n";
  Meeting first = make_meeting("2026-01-08 Weekly", "2026-01-08");
  Meeting second = make_meeting("2026-02-10 Steering", "2026-02-10");
  NoteMemory memory;
  Merged one = merged(before,
                      {at(first, {make_item(ItemKind::contact, "Helen Ng - procurement"),
                                  make_item(ItemKind::contact, "[[Raj Patel]] - CIO")})},
                      memory);
  EXPECT_EQ(one.text,
            "---\nlast_contact: '2027-01-01'\n---\n"
            "## Key Contacts\n\n"
            "- [[Raj Patel]] - Head of IT, sponsor\n"
            "- Helen Ng - procurement ([[2026-01-08 Weekly]])\n\n"
            "## Related People\n");
  Merged two = merged(one.text,
                      {at(second, {make_item(ItemKind::contact, "Helen Ng - Head of Procurement"),
                                   make_item(ItemKind::contact, "[[Raj Patel]] - CIO")})},
                      memory);
  EXPECT_EQ(two.text,
            "---\nlast_contact: '2027-01-01'\n---\n"
            "## Key Contacts\n\n"
            "- [[Raj Patel]] - Head of IT, sponsor\n"
            "- Helen Ng - Head of Procurement ([[2026-01-08 Weekly]], [[2026-02-10 Steering]])\n\n"
            "## Related People\n");
  EXPECT_EQ(merged(two.text, {at(second, {make_item(ItemKind::contact, "Helen Ng")})}, memory).text,
            two.text);
}

TEST(MergeSectionsTest, TopicsIgnoreCaseAndPlurals) {
  const char before[] =
      "---\nlast_contact: '2027-01-01'\n---\n## Topics / Themes\n\nData flows, SSO rollout\n\n";
  Meeting m = make_meeting("2026-01-08 Weekly", "2026-01-08");
  NoteMemory memory;
  Merged result =
      merged(before,
             {at(m, {make_item(ItemKind::topic, "data flow"), make_item(ItemKind::topic, "SSO rollouts"),
                     make_item(ItemKind::topic, "bulk upload")})},
             memory);
  EXPECT_EQ(
      result.text,
      "---\nlast_contact: '2027-01-01'\n---\n## Topics / Themes\n\nData flows, SSO rollout, bulk upload\n\n");
}

TEST(MergeSectionsTest, AUserLineStartingLastUpdatedIsNotTheFooter) {
  const char before[] =
      "---\nlast_contact: '2027-01-01'\n---\n"
      "## Account Status\n\n*Last updated by the finance team after the Q3 review*\n\n"
      "## Key Facts\n\n";
  Meeting m = make_meeting("2025-11-01 Call", "2025-11-01");
  NoteMemory memory;
  Merged result = merged(before, {at(m, {make_item(ItemKind::fact, "Ships in May")})}, memory);
  EXPECT_EQ(result.text,
            "---\nlast_contact: '2027-01-01'\n---\n"
            "## Account Status\n\n*Last updated by the finance team after the Q3 review*\n\n"
            "## Key Facts\n\n- Ships in May ([[2025-11-01 Call]])\n\n");
}

TEST(MergeSectionsTest, LastContactAsALinkStaysALinkAndNeverGoesBack) {
  Meeting older = make_meeting("2025-12-19 Call", "2025-12-19");
  Meeting newer = make_meeting("2026-02-01 Call", "2026-02-01");
  NoteMemory memory;
  const char linked[] = "---\nlast_contact: \"[[2026-01-05]]\"\n---\n## Key Facts\n\n";
  EXPECT_EQ(merged(linked, {at(older)}, memory).text, linked);
  EXPECT_EQ(merged(linked, {at(newer)}, memory).text,
            "---\nlast_contact: \"[[2026-02-01]]\"\n---\n## Key Facts\n\n");
  const char words[] = "---\nlast_contact: sometime in spring\n---\n## Key Facts\n\n";
  EXPECT_EQ(merged(words, {at(newer)}, memory).text, words);
}

}  // namespace dossier::merge_test
