#include "pipeline/merge.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipeline/dedupe.h"
#include "tests/merge_test_util.h"

namespace dossier {
namespace {

using namespace merge_test;

const char kMergeNote[] = R"(---
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

// What dossier remembers after writing kMergeNote.
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
  Merged result = merged(kMergeNote, {review_items(review)}, memory);
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
  Merged first = merged(kMergeNote, {review_items(review)}, memory);
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
  Merged result = merged(crlf(kMergeNote), {review_items(review)}, memory);
  EXPECT_EQ(result.text, crlf(kReviewed));
}

TEST(MergeItemsTest, LaterMeetingAddsItsLinkToTheSameLine) {
  Meeting sync = make_meeting(kSync, "");
  Meeting review = make_meeting(kReview, "");
  const char before[] = "## Key Facts\n\n_No facts recorded._\n";
  NoteMemory memory;
  Merged first =
      merged(before, {at(sync, {make_item(ItemKind::fact, "Pilot runs on 12 GPU nodes")})}, memory);
  EXPECT_EQ(first.text, "## Key Facts\n\n- Pilot runs on 12 GPU nodes ([[2025-11-02 Sync]])\n");
  Merged second =
      merged(first.text, {at(review, {make_item(ItemKind::fact, "The pilot runs on 12 GPU nodes")})}, memory);
  EXPECT_EQ(second.text,
            "## Key Facts\n\n- Pilot runs on 12 GPU nodes ([[2025-11-02 Sync]], [[2025-12-01 Review]])\n");
  EXPECT_EQ(second.stats.items_added, 0);
  EXPECT_EQ(second.stats.items_merged, 1);
}

// Another wording of a task already in the note (another inflection, "will")
// is that task: its line gains the link.
TEST(MergeItemsTest, AnInflectedWordingGainsTheLinkNotASecondTask) {
  Meeting sync = make_meeting(kSync, "");
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  Merged first = merged("## Next Steps\n",
                        {at(sync, {make_item(ItemKind::next_step,
                                             "Sam to send updated quote with the 500 TB tier by Nov 28")})},
                        memory);
  Merged second =
      merged(first.text,
             {at(review,
                 {make_item(ItemKind::next_step, "Sam sends updated quote with the 500 TB tier by Nov 28")})},
             memory);
  EXPECT_EQ(second.text,
            "## Next Steps\n- [ ] Sam to send updated quote with the 500 TB tier by Nov 28 "
            "([[2025-11-02 Sync]], [[2025-12-01 Review]])\n");
  EXPECT_EQ(second.stats.items_merged, 1);
}

// Stems are the meeting's language's: German inflections are one task.
TEST(MergeItemsTest, WordsAreStemmedInTheMeetingsLanguage) {
  Meeting sync = make_meeting(kSync, "");
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  MeetingItems first_batch =
      at(sync, {make_item(ItemKind::next_step, "Jürgen schickt die Angebote für Kiel")});
  first_batch.language = "de";
  Merged first = merged("## Next Steps\n", {first_batch}, memory);
  MeetingItems second_batch =
      at(review, {make_item(ItemKind::next_step, "Jürgen schickte das Angebot für Kiel")});
  second_batch.language = "de";
  Merged second = merged(first.text, {second_batch}, memory);
  EXPECT_EQ(second.stats.items_added, 0);
  EXPECT_EQ(second.stats.items_merged, 1);
}

// The same point arriving as another kind finds its line in the other
// section dossier owns, instead of standing in two sections.
TEST(MergeItemsTest, TheSamePointInAnotherSectionGainsTheLink) {
  Meeting sync = make_meeting(kSync, "");
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  const std::string note = "## Key Decisions\n\n## Key Facts\n";
  Merged first = merged(
      note, {at(sync, {make_item(ItemKind::decision, "Acme will move to the 500 TB tier at renewal.")})},
      memory);
  Merged second = merged(
      first.text,
      {at(review,
          {make_item(ItemKind::fact, "Dana confirmed: Acme will move to the 500 TB tier at renewal")})},
      memory);
  EXPECT_EQ(second.text,
            "## Key Decisions\n\n- ✅ Acme will move to the 500 TB tier at renewal. ([[2025-11-02 Sync]], "
            "[[2025-12-01 Review]])\n\n## Key Facts\n");
  EXPECT_EQ(second.stats.items_added, 0);
  EXPECT_EQ(second.stats.items_merged, 1);
  // Another number is another point: it gets its own line.
  Merged third =
      merged(second.text,
             {at(review, {make_item(ItemKind::fact, "Acme will move to the 1 PB tier at renewal")})}, memory);
  EXPECT_EQ(third.stats.items_added, 1);
}

TEST(MergeItemsTest, WithinOneBatchTheLineGainsBothLinks) {
  Meeting sync = make_meeting(kSync, "");
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  Merged result = merged("## Key Decisions\n",
                         {at(sync, {make_item(ItemKind::decision, "Use the archive tier first")}),
                          at(review, {make_item(ItemKind::decision, "use the archive tier first!")})},
                         memory);
  EXPECT_EQ(
      result.text,
      "## Key Decisions\n- ✅ Use the archive tier first ([[2025-11-02 Sync]], [[2025-12-01 Review]])\n");
}

TEST(MergeItemsTest, DuplicatesWithinOneMeetingGiveOneLine) {
  Meeting review = make_meeting(kReview, "");
  NoteMemory memory;
  Merged result =
      merged("## Next Steps\n\n_No next steps recorded._\n",
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
  std::string edited(kMergeNote);
  std::string mine = "- Runs two big data centres in Lisbon ([[2025-11-02 Sync]])";
  edited.replace(edited.find("- Runs two"),
                 std::string("- Runs two data centres in Lisbon ([[2025-11-02 Sync]])").size(), mine);
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
  Merged result = merged(
      before, {at(review, {make_item(ItemKind::blocker, "Legal has not signed the DPA yet")})}, memory);
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
  MeetingItems items{
      &review,
      {make_item(ItemKind::fact, "Has 3 PB of cold data"), make_item(ItemKind::topic, "Pilot scope"),
       make_item(ItemKind::summary, "Agreed the pilot scope")},
      {"Sam Ortiz"},
      ""};
  Merged result = merged(kMergeNote, {items}, memory);
  EXPECT_EQ(result.text, kMergeNote);
  EXPECT_EQ(result.stats.items_added, 0);
  EXPECT_EQ(result.stats.items_merged, 0);
}

}  // namespace
}  // namespace dossier
