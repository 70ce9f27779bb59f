// Who owns a next step and when it is due.
#include "extractors/ownership.h"

#include <gtest/gtest.h>

#include "pipeline/merge_lines.h"

namespace dossier {
namespace {

TEST(DueDate, RelativeDatesCountFromTheMeeting) {
  // 2025-11-24 is a Monday.
  EXPECT_EQ(resolve_due_date("I'll send it by Friday", "2025-11-24"), "2025-11-28");
  EXPECT_EQ(resolve_due_date("tomorrow", "2025-11-24"), "2025-11-25");
  EXPECT_EQ(resolve_due_date("this afternoon", "2025-11-24"), "2025-11-24");
  EXPECT_EQ(resolve_due_date("sizing by next week", "2025-11-18"), "2025-11-28");
  EXPECT_EQ(resolve_due_date("by end of month", "2025-11-18"), "2025-11-30");
  EXPECT_EQ(resolve_due_date("before EOQ", "2025-11-18"), "2025-12-31");
  EXPECT_EQ(resolve_due_date("end of quarter", "2026-01-05"), "2026-03-31");
  EXPECT_EQ(resolve_due_date("in two weeks", "2025-12-30"), "2026-01-13");
  EXPECT_EQ(resolve_due_date("on Monday", "2025-11-24"), "2025-12-01");
  EXPECT_EQ(resolve_due_date("quote by Sep 19", "2025-09-11"), "2025-09-19");
  EXPECT_EQ(resolve_due_date("by Jan 9th", "2025-12-19"), "2026-01-09");
  EXPECT_EQ(resolve_due_date("no date here", "2025-11-24"), "");
  EXPECT_EQ(resolve_due_date("tomorrow", ""), "");
}

class Ownership : public ::testing::Test {
 protected:
  void SetUp() override {
    Customer c;
    c.name = "Orbital";
    vault_.add_customer(c);
    Person raj;
    raj.name = "Raj Patel";
    raj.company = "Orbital";
    vault_.add_person(raj);
    Person tomas;
    tomas.name = "Tomás Herrera";
    tomas.company = "Northwind Storage";
    vault_.add_person(tomas);
    vault_.own_company = "Northwind Storage";
  }
  Item said(std::string speaker, std::string text) {
    Item i;
    i.kind = ItemKind::next_step;
    i.speaker = std::move(speaker);
    i.text = std::move(text);
    CustomerMatcher matcher(vault_);
    assign_ownership(i, "2025-11-24", vault_, matcher);
    return i;
  }
  VaultIndex vault_;
};

TEST_F(Ownership, TheCustomersNextStepIsTheirsAndInTheThirdPerson) {
  Item i = said("Raj Patel", "I will set up a call with our CISO, Monica Alvarez, for early December.");
  EXPECT_TRUE(i.theirs);
  EXPECT_EQ(i.text, "Raj Patel (Orbital): set up a call with their CISO, Monica Alvarez, for early December");
  EXPECT_EQ(
      item_line(i, "M"),
      "- Raj Patel (Orbital): set up a call with their CISO, Monica Alvarez, for early December ([[M]])");
}

TEST_F(Ownership, OurSideKeepsACheckboxWithTheDueDate) {
  Item i = said("Tomás Herrera", "I'll send you the region pinning guide by Friday.");
  EXPECT_FALSE(i.theirs);
  EXPECT_EQ(i.text, "Tomás Herrera: send you the region pinning guide by Friday");
  EXPECT_EQ(i.due, "2025-11-28");
  std::string line = item_line(i, "M");
  EXPECT_EQ(
      line,
      "- [ ] Tomás Herrera: send you the region pinning guide by Friday ([[M]]) \xF0\x9F\x93\x85 2025-11-28");
  // A later meeting's link goes before the Tasks field, which must stay last.
  EXPECT_EQ(add_provenance(line, "N"),
            "- [ ] Tomás Herrera: send you the region pinning guide by Friday ([[M]], [[N]]) "
            "\xF0\x9F\x93\x85 2025-11-28");
}

TEST_F(Ownership, NotesWithoutSpeakersOnlyGetTheirDueDate) {
  Item i;
  i.kind = ItemKind::next_step;
  i.text = "Dana to send the renewal quote tomorrow";
  CustomerMatcher matcher(vault_);
  assign_ownership(i, "2025-11-24", vault_, matcher);
  EXPECT_EQ(i.text, "Dana to send the renewal quote tomorrow");
  EXPECT_EQ(i.due, "2025-11-25");
  EXPECT_FALSE(i.theirs);
}

}  // namespace
}  // namespace dossier
