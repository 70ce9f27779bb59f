#include "extractors/attribute.h"

#include <gtest/gtest.h>

namespace dossier {
namespace {

VaultIndex attribute_vault() {
  VaultIndex v;
  v.add_customer({"Lambda", {}, {"function"}, "Customers/Lambda.md", ""});
  v.add_customer({"Müller Logistik", {"Müller"}, {}, "Customers/Müller Logistik.md", ""});
  v.add_customer({"Tidewater Bank", {"Tidewater"}, {}, "Customers/Tidewater Bank.md", ""});
  v.other_organizations = {"Quantix", "Corvid Systems", "Corvid"};
  return v;
}

struct Attributed {
  std::vector<Block> blocks;
  std::vector<BlockContext> contexts;
};

Attributed contexts_of(std::string_view markdown, const CustomerMatcher& m) {
  Attributed a;
  a.blocks = segment_markdown(markdown, 1);
  a.contexts = block_contexts(a.blocks, m);
  return a;
}

using Names = std::vector<std::string>;
const Names kNone;

Names customer_of(const Attributed& a, int line, const Names& meeting, const CustomerMatcher& m) {
  for (size_t i = 0; i < a.blocks.size(); ++i)
    if (a.blocks[i].line == line) return attribute_item(a.blocks[i].text, a.contexts[i], meeting, m);
  ADD_FAILURE() << "no block at line " << line;
  return {};
}

TEST(AttributeItems, TwoCustomersInSeparateSectionsAreNotCrossCopied) {
  CustomerMatcher m(attribute_vault());
  Attributed a = contexts_of(
      "Monthly review.\n## Lambda\n- Decision: Ravi is the named engineer\n- Risk: PDUs unconfirmed\n"
      "## Müller Logistik\n- Renewal signed\n- Decision: offer the 2025 price\n",
      m);
  std::vector<std::string> both{"Lambda", "Müller Logistik"};
  EXPECT_EQ(customer_of(a, 3, both, m), Names{"Lambda"});
  EXPECT_EQ(customer_of(a, 4, both, m), Names{"Lambda"});
  EXPECT_EQ(customer_of(a, 6, both, m), Names{"Müller Logistik"});
  EXPECT_EQ(customer_of(a, 7, both, m), Names{"Müller Logistik"});
  EXPECT_EQ(customer_of(a, 1, both, m), both);  // not told apart: shared by both
}

TEST(AttributeItems, SubsectionsInheritTheCustomerOfTheirHeading) {
  CustomerMatcher m(attribute_vault());
  Attributed a = contexts_of(
      "## Meeting with Tidewater Bank\n### Decisions\n- use the HSM\n"
      "## Call with Müller\n- Blocked on WAN\n## Morning\n- renew permit\n",
      m);
  std::vector<std::string> both{"Tidewater Bank", "Müller Logistik"};
  EXPECT_EQ(customer_of(a, 3, kNone, m), Names{"Tidewater Bank"});
  EXPECT_EQ(customer_of(a, 5, kNone, m), Names{"Müller Logistik"});
  EXPECT_EQ(customer_of(a, 7, kNone, m), kNone);
}

TEST(AttributeItems, ItemNamingACustomerGoesToTheFirstNamed) {
  CustomerMatcher m(attribute_vault());
  Attributed a = contexts_of("## Lambda\n- Tidewater and Müller both asked for KMIP\n", m);
  EXPECT_EQ(customer_of(a, 2, {"Lambda"}, m), Names{"Tidewater Bank"});
}

TEST(AttributeItems, AnOrganisationInAOneCustomerMeetingStaysWithTheCustomer) {
  CustomerMatcher m(attribute_vault());
  Attributed a = contexts_of(
      "## What Quantix is doing\n- Their new release drops NFSv3\n"
      "## What it means\n- Quantix is the main competitor; their quote came in 15% lower\n"
      "- Priya to send pilot terms to Corvid\n- Tidewater runs a Quantix POC\n",
      m);
  Names one{"Tidewater Bank"};
  EXPECT_EQ(customer_of(a, 2, one, m), one);  // competitive news is news about the deal
  EXPECT_EQ(customer_of(a, 4, one, m), one);
  EXPECT_EQ(customer_of(a, 5, one, m), one);
  EXPECT_EQ(customer_of(a, 6, one, m), one);
  // A meeting with no customer: the organisation's own news goes nowhere, an
  // item naming a customer still goes to it.
  EXPECT_EQ(customer_of(a, 2, kNone, m), kNone);
  EXPECT_EQ(customer_of(a, 4, kNone, m), kNone);
  EXPECT_EQ(customer_of(a, 5, kNone, m), kNone);
  EXPECT_EQ(customer_of(a, 6, kNone, m), one);
}

TEST(AttributeItems, InAnInternalMeetingOnlyANamingSentenceOrHeadingSendsAnItem) {
  CustomerMatcher m(attribute_vault());
  Attributed a = contexts_of(
      "Pipeline sync.\n- Tidewater wants the audit report\n- Forecast call moves to Thursday\n"
      "## Lambda\n- PDUs unconfirmed\n",
      m);
  EXPECT_EQ(customer_of(a, 2, kNone, m), Names{"Tidewater Bank"});
  EXPECT_EQ(customer_of(a, 3, kNone, m), kNone) << "a neighbour naming a customer does not send an item";
  EXPECT_EQ(customer_of(a, 5, kNone, m), Names{"Lambda"});
}

TEST(AttributeItems, TranscriptStretchFollowsTheLastCustomerMentioned) {
  CustomerMatcher m(attribute_vault());
  Attributed a = contexts_of(
      "Ana: first about Lambda now\nBob: we agreed on wave two\n"
      "Ana: switching to Tidewater\nBob: they need KMIP\nAna: a\nBob: b\nAna: c\n"
      "Bob: we agreed again\n",
      m);
  std::vector<std::string> both{"Lambda", "Tidewater Bank"};
  EXPECT_EQ(customer_of(a, 2, both, m), Names{"Lambda"});
  EXPECT_EQ(customer_of(a, 4, both, m), Names{"Tidewater Bank"});
  EXPECT_EQ(customer_of(a, 7, both, m), Names{"Tidewater Bank"});  // 4 turns back, still in reach
  EXPECT_EQ(customer_of(a, 8, both, m), both);                     // out of reach: shared by both
  EXPECT_EQ(customer_of(a, 8, {"Lambda"}, m), Names{"Lambda"});    // meeting about one customer
}

TEST(AttributeItems, APassingMentionDoesNotPullItsNeighboursAway) {
  CustomerMatcher m(attribute_vault());
  Attributed a =
      contexts_of("## Next Steps\n- Ask Tidewater for a reference call\n- Send the rack plan\n", m);
  EXPECT_EQ(customer_of(a, 2, {"Lambda"}, m), Names{"Tidewater Bank"});  // named
  EXPECT_EQ(customer_of(a, 3, {"Lambda"}, m), Names{"Lambda"});          // the meeting's customer
  EXPECT_EQ(customer_of(a, 3, {}, m), kNone);  // internal meeting: only a naming sentence or heading
}

}  // namespace
}  // namespace dossier
