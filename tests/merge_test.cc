#include "pipeline/merge.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/dedupe.h"

namespace dossier {
namespace {

Meeting make_meeting(const std::string& name, const std::string& date) {
  Meeting m;
  m.name = name;
  m.date = date;
  m.path = "Meetings/" + name + ".md";
  return m;
}

Item make_item(ItemKind kind, const std::string& text) {
  Item item;
  item.kind = kind;
  item.text = text;
  return item;
}

MergeOptions merge_options() {
  MergeOptions options;
  options.sections = Config::default_sections();
  options.today = "2026-02-01";
  return options;
}

MeetingItems at(const Meeting& meeting, std::vector<Item> items = {}) {
  return {&meeting, std::move(items), {}, ""};
}

struct Merged {
  std::string text;
  MergeStats stats;
};

// Merges and renders the whole note, so that every expectation compares all
// bytes of the file.
Merged merged(std::string_view before, const std::vector<MeetingItems>& batch, NoteMemory& memory,
              const MergeOptions& options = merge_options()) {
  Note note = parse_note("Customers/Northwind.md", before);
  MergeStats stats = merge_items(note, batch, memory, options);
  return {render_note(note), stats};
}

std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

const std::string kSync = "2025-11-02 Sync";
const std::string kReview = "2025-12-01 Review";

const char kNote[] = R"(---
type: customer
title: Northwind
last_contact: '2025-11-02'
status: active
tags:
- type/customer
---

# Northwind

## Key Contacts

_No contacts recorded yet._

## Current Blockers

_No blockers recorded._

## Next Steps

- [ ] Book the onsite workshop ([[2025-11-02 Sync]])

## Opportunities

_No opportunities recorded._

## Key Decisions

_No decisions recorded._

## Key Facts

- Runs two data centres in Lisbon ([[2025-11-02 Sync]])

## Topics / Themes

Storage refresh, Backup windows

## Recent Context

- 2025-11-02: [[2025-11-02 Sync]] - First sync on the refresh (via Dana Reyes)

## Related People

- [[Dana Reyes]]

---
*Last updated: 2025-11-02*
)";

// What dossier remembers after writing kNote.
NoteMemory note_memory() {
  NoteMemory memory;
  for (const char* line : {"- [ ] Book the onsite workshop ([[2025-11-02 Sync]])",
                           "- Runs two data centres in Lisbon ([[2025-11-02 Sync]])"}) {
    memory.own_lines.insert(line);
    memory.emitted_keys.insert(dedupe_key(line));
  }
  return memory;
}

MeetingItems review_items(const Meeting& meeting) {
  MeetingItems items{&meeting, {}, {"Dana Reyes", "[[Sam Ortiz]]"}, "Sam Ortiz"};
  items.items = {make_item(ItemKind::decision, "Pilot starts with the archive tier"),
                 make_item(ItemKind::fact, "Runs two data centres in Lisbon."),
                 make_item(ItemKind::fact, "Has 3 PB of cold data"),
                 make_item(ItemKind::opportunity, "Signal: interested in a second site"),
                 make_item(ItemKind::blocker, "Security questionnaire still open"),
                 make_item(ItemKind::next_step, "Send the pilot plan"),
                 make_item(ItemKind::contact, "Priya Shah, storage lead"),
                 make_item(ItemKind::topic, "Pilot scope, storage refresh"),
                 make_item(ItemKind::summary, "Agreed the pilot scope"),
                 make_item(ItemKind::fact, "  ")};
  return items;
}

const char kReviewed[] = R"(---
type: customer
title: Northwind
last_contact: '2025-12-01'
status: active
tags:
- type/customer
---

# Northwind

## Key Contacts

- Priya Shah, storage lead ([[2025-12-01 Review]])

## Current Blockers

- Security questionnaire still open ([[2025-12-01 Review]])

## Next Steps

- [ ] Book the onsite workshop ([[2025-11-02 Sync]])
- [ ] Send the pilot plan ([[2025-12-01 Review]])

## Opportunities

- Signal: interested in a second site ([[2025-12-01 Review]])

## Key Decisions

- ✅ Pilot starts with the archive tier ([[2025-12-01 Review]])

## Key Facts

- Runs two data centres in Lisbon ([[2025-11-02 Sync]], [[2025-12-01 Review]])
- Has 3 PB of cold data ([[2025-12-01 Review]])

## Topics / Themes

Storage refresh, Backup windows, Pilot scope

## Recent Context

- 2025-12-01: [[2025-12-01 Review]] - Agreed the pilot scope (via Sam Ortiz)
- 2025-11-02: [[2025-11-02 Sync]] - First sync on the refresh (via Dana Reyes)

## Related People

- [[Dana Reyes]]
- [[Sam Ortiz]]

---
*Last updated: 2026-02-01*
)";

TEST(MergeItemsTest, MergesEveryKindIntoItsSection) {
  Meeting review = make_meeting(kReview, "2025-12-01");
  NoteMemory memory = note_memory();
  Merged result = merged(kNote, {review_items(review)}, memory);
  EXPECT_EQ(result.text, kReviewed);
  EXPECT_EQ(result.stats.items_added, 9);
  EXPECT_EQ(result.stats.items_merged, 3);  // Lisbon fact, "storage refresh", Dana Reyes
  EXPECT_TRUE(result.stats.changed);
  EXPECT_TRUE(memory.own_lines.count(
      "- Runs two data centres in Lisbon ([[2025-11-02 Sync]], [[2025-12-01 Review]])"));
  EXPECT_FALSE(memory.own_lines.count("- Runs two data centres in Lisbon ([[2025-11-02 Sync]])"));
  EXPECT_TRUE(memory.own_lines.count("- [ ] Send the pilot plan ([[2025-12-01 Review]])"));
  EXPECT_TRUE(memory.emitted_keys.count("has 3 pb of cold data"));
}

TEST(MergeItemsTest, SecondRunChangesNoByte) {
  Meeting review = make_meeting(kReview, "2025-12-01");
  NoteMemory memory = note_memory();
  Merged first = merged(kNote, {review_items(review)}, memory);
  NoteMemory after_first = memory;
  MergeOptions later = merge_options();
  later.today = "2026-03-01";  // the footer must not move either
  Merged second = merged(first.text, {review_items(review)}, memory, later);
  EXPECT_EQ(second.text, kReviewed);
  EXPECT_EQ(second.stats.items_added, 0);
  EXPECT_EQ(second.stats.items_merged, 12);
  EXPECT_FALSE(second.stats.changed);
  EXPECT_EQ(memory.own_lines, after_first.own_lines);
  EXPECT_EQ(memory.emitted_keys, after_first.emitted_keys);
}

TEST(MergeItemsTest, CrlfNoteGetsCrlfLines) {
  Meeting review = make_meeting(kReview, "2025-12-01");
  NoteMemory memory = note_memory();
  Merged result = merged(crlf(kNote), {review_items(review)}, memory);
  EXPECT_EQ(result.text, crlf(kReviewed));
}

TEST(MergeItemsTest, LaterMeetingAddsItsLinkToTheSameLine) {
  Meeting sync = make_meeting(kSync, "");
  Meeting review = make_meeting(kReview, "");
  const char before[] = "## Key Facts\n\n_No facts recorded._\n";
  NoteMemory memory;
  Merged first = merged(before, {at(sync, {make_item(ItemKind::fact, "Pilot runs on 12 GPU nodes")})},
                        memory);
  EXPECT_EQ(first.text, "## Key Facts\n\n- Pilot runs on 12 GPU nodes ([[2025-11-02 Sync]])\n");
  Merged second = merged(
      first.text, {at(review, {make_item(ItemKind::fact, "The pilot runs on 12 GPU nodes")})}, memory);
  EXPECT_EQ(second.text,
            "## Key Facts\n\n- Pilot runs on 12 GPU nodes ([[2025-11-02 Sync]], [[2025-12-01 Review]])\n");
  EXPECT_EQ(second.stats.items_added, 0);
  EXPECT_EQ(second.stats.items_merged, 1);
}

TEST(MergeItemsTest, WithinOneBatchTheLineGainsBothLinks) {
  Meeting sync = make_meeting(kSync, "");
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  Merged result = merged("## Key Decisions\n",
                         {at(sync, {make_item(ItemKind::decision, "Use the archive tier first")}),
                          at(review, {make_item(ItemKind::decision, "use the archive tier first!")})},
                         memory);
  EXPECT_EQ(result.text,
            "## Key Decisions\n- ✅ Use the archive tier first ([[2025-11-02 Sync]], [[2025-12-01 Review]])\n");
}

TEST(MergeItemsTest, DuplicatesWithinOneMeetingGiveOneLine) {
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  Merged result = merged("## Next Steps\n\n_None._\n",
                         {at(review, {make_item(ItemKind::next_step, "Send the updated quote to finance"),
                                      make_item(ItemKind::next_step, "Send the updated quote to the finance"),
                                      make_item(ItemKind::next_step, "Send the updated quote to procurement")})},
                         memory);
  EXPECT_EQ(result.text,
            "## Next Steps\n\n- [ ] Send the updated quote to finance ([[2025-12-01 Review]])\n"
            "- [ ] Send the updated quote to procurement ([[2025-12-01 Review]])\n");
  EXPECT_EQ(result.stats.items_added, 2);
  EXPECT_EQ(result.stats.items_merged, 1);
}

// The user edited a line dossier wrote: it matches, but it is theirs now.
// The meeting is older than last_contact, so nothing at all changes.
TEST(MergeItemsTest, UserEditedLineIsNeverRewritten) {
  Meeting old = make_meeting("2025-10-01 Intro", "2025-10-01");
  NoteMemory memory = note_memory();
  std::string edited(kNote);
  std::string mine = "- Runs two big data centres in Lisbon ([[2025-11-02 Sync]])";
  edited.replace(edited.find("- Runs two"), std::string("- Runs two data centres in Lisbon ([[2025-11-02 Sync]])").size(), mine);
  Merged result =
      merged(edited, {at(old, {make_item(ItemKind::fact, "Runs two data centres in Lisbon")})}, memory);
  EXPECT_EQ(result.text, edited);
  EXPECT_EQ(result.stats.items_merged, 1);
  EXPECT_EQ(result.stats.items_added, 0);
  EXPECT_FALSE(result.stats.changed);
}

TEST(MergeItemsTest, HandWrittenLineCountsAsDuplicate) {
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  const char before[] = "## Current Blockers\n\n* **Legal** has not signed the DPA yet.\n";
  Merged result = merged(before, {at(review, {make_item(ItemKind::blocker, "Legal has not signed the DPA yet")})},
                         memory);
  EXPECT_EQ(result.text, before);
  EXPECT_EQ(result.stats.items_merged, 1);
  EXPECT_TRUE(memory.emitted_keys.empty());
}

TEST(MergeItemsTest, LineTheUserDeletedIsNotAddedAgain) {
  Meeting review = make_meeting(kReview, "2025-10-01");
  NoteMemory memory = note_memory();
  memory.emitted_keys.insert(dedupe_key("Has 3 PB of cold data"));
  memory.emitted_keys.insert("topic:pilot scope");
  memory.emitted_keys.insert("summary:2025-12-01 review");
  memory.emitted_keys.insert("people:sam ortiz");
  MeetingItems items{&review,
                     {make_item(ItemKind::fact, "Has 3 PB of cold data"),
                      make_item(ItemKind::topic, "Pilot scope"),
                      make_item(ItemKind::summary, "Agreed the pilot scope")},
                     {"Sam Ortiz"},
                     ""};
  Merged result = merged(kNote, {items}, memory);
  EXPECT_EQ(result.text, kNote);
  EXPECT_EQ(result.stats.items_added, 0);
  EXPECT_EQ(result.stats.items_merged, 0);
}

TEST(MergeItemsTest, RecentContextStaysNewestFirst) {
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

TEST(MergeItemsTest, RecentContextReplacesPlaceholder) {
  Meeting review = make_meeting(kReview, "2025-12-01");
  NoteMemory memory;
  Merged result = merged("---\nlast_contact: '2027-01-01'\n---\n## Recent Context\n\n_No meetings recorded._\n\n## Related People\n",
                         {{&review, {make_item(ItemKind::summary, "Pilot   scoped\nand agreed")}, {}, ""}},
                         memory);
  EXPECT_EQ(result.text,
            "---\nlast_contact: '2027-01-01'\n---\n"
            "## Recent Context\n\n- 2025-12-01: [[2025-12-01 Review]] - Pilot scoped and agreed\n\n"
            "## Related People\n");
}

TEST(MergeItemsTest, TopicsMergeIntoOneLineWithoutRepeats) {
  Meeting sync = make_meeting(kSync, "");
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  const char before[] = "## Topics / Themes\n\nStorage refresh, Backup windows  \n\n## Recent Context\n";
  Merged result = merged(before,
                         {at(sync, {make_item(ItemKind::topic, "backup WINDOWS, Pilot scope"),
                                   make_item(ItemKind::topic, "Ransomware recovery")}),
                          at(review, {make_item(ItemKind::topic, "pilot scope"),
                                     make_item(ItemKind::topic, " , ")})},
                         memory);
  EXPECT_EQ(result.text,
            "## Topics / Themes\n\nStorage refresh, Backup windows, Pilot scope, Ransomware recovery\n\n"
            "## Recent Context\n");
  EXPECT_EQ(result.stats.items_added, 2);
  EXPECT_EQ(result.stats.items_merged, 2);
  Merged empty = merged("## Topics / Themes\n\n_No topics recorded._\n", {at(sync, {make_item(ItemKind::topic, "A, B")})},
                        memory);
  EXPECT_EQ(empty.text, "## Topics / Themes\n\nA, B\n");
}

TEST(MergeItemsTest, LastContactNeverGoesBackAndIsAddedWhenAbsent) {
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

TEST(MergeItemsTest, FooterKeepsItsTrailingTextAndChangesOnlyWithTheNote) {
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  const char before[] = "## Key Facts\n\n- Known fact\n\n---\n*Last updated: 2025-01-01* (by dossier)\r\n";
  EXPECT_EQ(merged(before, {at(review, {make_item(ItemKind::fact, "known fact")})}, memory).text, before);
  EXPECT_EQ(merged(before, {at(review, {make_item(ItemKind::fact, "New fact")})}, memory).text,
            "## Key Facts\n\n- Known fact\n- New fact ([[2025-12-01 Review]])\n\n---\n"
            "*Last updated: 2026-02-01* (by dossier)\r\n");
}

TEST(MergeItemsTest, DataviewBlocksAreNeitherEntriesNorTouched) {
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  const char before[] =
      "## Next Steps\n\n_None yet._\n\n```dataview\nTASK\n- [ ] Send the pilot plan\n```\n\n"
      "## Open Tasks\n\n```dataview\nTASK\nWHERE !completed\n```\n";
  Merged result = merged(before, {at(review, {make_item(ItemKind::next_step, "Send the pilot plan")})}, memory);
  EXPECT_EQ(result.text,
            "## Next Steps\n\n_None yet._\n\n```dataview\nTASK\n- [ ] Send the pilot plan\n```\n"
            "- [ ] Send the pilot plan ([[2025-12-01 Review]])\n\n"
            "## Open Tasks\n\n```dataview\nTASK\nWHERE !completed\n```\n");
}

TEST(MergeItemsTest, MissingSectionsAreCreatedAndUnknownSectionsKept) {
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  const char before[] =
      "# Northwind\n\n## My scratchpad\n\nRemember: ask about Porto.\n\n## Related People\n\n- [[Dana Reyes]]\n\n"
      "---\n*Last updated: 2025-01-01*\n";
  MeetingItems items{&review,
                     {make_item(ItemKind::fact, "Has a Porto office"),
                      make_item(ItemKind::opportunity, "Second site")},
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

TEST(MergeItemsTest, CustomSectionNamesFromOptions) {
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

TEST(MergeItemsTest, TenThousandLineSection) {
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

}  // namespace
}  // namespace dossier
