#include "extractors/attribute.h"

#include <gtest/gtest.h>

namespace dossier {
namespace {

VaultIndex attribute_vault() {
  VaultIndex v;
  v.customers.push_back({"Lambda", {}, {"function"}, "Customers/Lambda.md", ""});
  v.customers.push_back({"Müller Logistik", {"Müller"}, {}, "Customers/Müller Logistik.md", ""});
  v.customers.push_back({"Tidewater Bank", {"Tidewater"}, {}, "Customers/Tidewater Bank.md", ""});
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

std::optional<std::string> customer_of(const Attributed& a, int line, const std::vector<std::string>& meeting,
                                       const CustomerMatcher& m) {
  for (size_t i = 0; i < a.blocks.size(); ++i)
    if (a.blocks[i].line == line) return attribute_item(a.blocks[i].text, a.contexts[i], meeting, m);
  ADD_FAILURE() << "no block at line " << line;
  return std::nullopt;
}

TEST(AttributeItems, TwoCustomersInSeparateSectionsAreNotCrossCopied) {
  CustomerMatcher m(attribute_vault());
  Attributed a = contexts_of(
      "Monthly review.\n## Lambda\n- Decision: Ravi is the named engineer\n- Risk: PDUs unconfirmed\n"
      "## Müller Logistik\n- Renewal signed\n- Decision: offer the 2025 price\n", m);
  std::vector<std::string> both{"Lambda", "Müller Logistik"};
  EXPECT_EQ(customer_of(a, 3, both, m), "Lambda");
  EXPECT_EQ(customer_of(a, 4, both, m), "Lambda");
  EXPECT_EQ(customer_of(a, 6, both, m), "Müller Logistik");
  EXPECT_EQ(customer_of(a, 7, both, m), "Müller Logistik");
  EXPECT_EQ(customer_of(a, 1, both, m), std::nullopt);  // the meeting is about two: no default
}

TEST(AttributeItems, SubsectionsInheritTheCustomerOfTheirHeading) {
  CustomerMatcher m(attribute_vault());
  Attributed a = contexts_of("## Meeting with Tidewater Bank\n### Decisions\n- use the HSM\n"
                             "## Call with Müller\n- Blocked on WAN\n## Morning\n- renew permit\n", m);
  std::vector<std::string> both{"Tidewater Bank", "Müller Logistik"};
  EXPECT_EQ(customer_of(a, 3, both, m), "Tidewater Bank");
  EXPECT_EQ(customer_of(a, 5, both, m), "Müller Logistik");
  EXPECT_EQ(customer_of(a, 7, both, m), std::nullopt);
}

TEST(AttributeItems, ItemNamingACustomerGoesToTheFirstNamed) {
  CustomerMatcher m(attribute_vault());
  Attributed a = contexts_of("## Lambda\n- Tidewater and Müller both asked for KMIP\n", m);
  EXPECT_EQ(customer_of(a, 2, {"Lambda"}, m), "Tidewater Bank");
}

TEST(AttributeItems, NonCustomerOrganisationGoesNowhere) {
  CustomerMatcher m(attribute_vault());
  Attributed a = contexts_of("## What Quantix is doing\n- Their new release drops NFSv3\n"
                             "## What it means\n- Quantix announced a price cut\n"
                             "- Priya to send pilot terms to Corvid\n- Tidewater runs a Quantix POC\n", m);
  std::vector<std::string> one{"Tidewater Bank"};
  EXPECT_EQ(customer_of(a, 2, one, m), std::nullopt);  // section about Quantix
  EXPECT_EQ(customer_of(a, 4, one, m), std::nullopt);  // opens with Quantix
  EXPECT_EQ(customer_of(a, 5, one, m), "Tidewater Bank");  // Corvid named, not the subject
  EXPECT_EQ(customer_of(a, 6, one, m), "Tidewater Bank");  // a customer named wins
}

TEST(AttributeItems, TranscriptStretchFollowsTheLastCustomerMentioned) {
  CustomerMatcher m(attribute_vault());
  Attributed a = contexts_of("Ana: first about Lambda now\nBob: we agreed on wave two\n"
                             "Ana: switching to Tidewater\nBob: they need KMIP\nAna: a\nBob: b\nAna: c\n"
                             "Bob: we agreed again\n", m);
  std::vector<std::string> both{"Lambda", "Tidewater Bank"};
  EXPECT_EQ(customer_of(a, 2, both, m), "Lambda");
  EXPECT_EQ(customer_of(a, 4, both, m), "Tidewater Bank");
  EXPECT_EQ(customer_of(a, 7, both, m), "Tidewater Bank");  // 4 turns back, still in reach
  EXPECT_EQ(customer_of(a, 8, both, m), std::nullopt);      // out of reach, two customers
  EXPECT_EQ(customer_of(a, 8, {"Lambda"}, m), "Lambda");    // meeting about one customer
}

TEST(AttributeItems, APassingMentionDoesNotPullItsNeighboursAway) {
  CustomerMatcher m(attribute_vault());
  Attributed a = contexts_of("## Next Steps\n- Ask Tidewater for a reference call\n- Send the rack plan\n", m);
  EXPECT_EQ(customer_of(a, 2, {"Lambda"}, m), "Tidewater Bank");  // named
  EXPECT_EQ(customer_of(a, 3, {"Lambda"}, m), "Lambda");          // the meeting's customer
  EXPECT_EQ(customer_of(a, 3, {}, m), "Tidewater Bank");          // no main customer: the section's
}

}  // namespace
}  // namespace dossier
