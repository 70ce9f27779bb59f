// A customer's name inside a longer proper name is not the customer:
// events, products, other companies and phrases that contain it.
#include "extractors/proper_names.h"

#include <gtest/gtest.h>

#include "extractors/attribute.h"
#include "extractors/resolve.h"
#include "util/error.h"

namespace dossier {
namespace {

using Names = std::vector<std::string>;

VaultIndex vault_with_short_names() {
  VaultIndex v;
  v.add_customer({"Summit", {}, {}, "Customers/Summit.md", ""});
  v.add_customer({"Beacon Capital", {"Beacon"}, {}, "Customers/Beacon Capital.md", ""});
  v.add_customer({"Apex", {}, {}, "Customers/Apex.md", ""});
  v.add_customer({"Lambda", {}, {}, "Customers/Lambda.md", ""});
  v.add_customer({"Ørsted Vind", {"Ørsted"}, {}, "Customers/Ørsted Vind.md", ""});
  v.add_customer({"Éclair", {}, {}, "Customers/Éclair.md", ""});
  v.other_organizations = {"Pure", "NetApp", "AWS", "Gartner"};
  return v;
}

Names customers(const CustomerMatcher& m, std::string_view text) { return m.customers_in(text); }

TEST(ProperNames, EventsAreNotTheCustomer) {
  CustomerMatcher m(vault_with_short_names());
  EXPECT_EQ(customers(m, "Priya is speaking at AWS Summit London in April"), Names{});
  EXPECT_EQ(customers(m, "we met them at the Gartner Summit last year"), Names{});
  EXPECT_EQ(customers(m, "Booth at Gartner Summit confirmed"), Names{});
  EXPECT_EQ(customers(m, "Gartner Summit registration closes Friday"),
            Names{});  // a known organisation's event
  EXPECT_EQ(customers(m, "Gartner says Summit is a leader"), Names{"Summit"});
  EXPECT_EQ(customers(m, "the leadership summit is in June"), Names{});
  EXPECT_EQ(customers(m, "Apex Legends tournament at the offsite"), Names{});
}

TEST(ProperNames, ProductsAndOtherCompaniesAreNotTheCustomer) {
  CustomerMatcher m(vault_with_short_names());
  EXPECT_EQ(customers(m, "their ingest runs on AWS Lambda today"), Names{});
  EXPECT_EQ(customers(m, "Beacon Health wants a demo too"), Names{});
  EXPECT_EQ(customers(m, "a referral from Beacon Health Partners"), Names{});
  EXPECT_EQ(customers(m, "Summit Medical is a different company"), Names{});
}

TEST(ProperNames, TheCustomerItselfStillMatches) {
  CustomerMatcher m(vault_with_short_names());
  EXPECT_EQ(customers(m, "Summit is also testing Pure"), Names{"Summit"});
  EXPECT_EQ(customers(m, "Met Summit today about the renewal"), Names{"Summit"});  // sentence start
  EXPECT_EQ(customers(m, "- Beacon wants the 2 PB tier"), Names{"Beacon Capital"});
  EXPECT_EQ(customers(m, "Beacon Capital GmbH signed"), Names{"Beacon Capital"});  // legal suffix
  EXPECT_EQ(customers(m, "## Summit Weekly Sync"), Names{"Summit"});               // title case
  EXPECT_EQ(customers(m, "## Call With Apex"), Names{"Apex"});
  EXPECT_EQ(customers(m, "Lambda POC starts Monday"), Names{"Lambda"});  // acronym after
  EXPECT_EQ(customers(m, "Lambda Q3 review"), Names{"Lambda"});
  EXPECT_EQ(customers(m, "Summit's CISO asked for the audit"), Names{"Summit"});
  EXPECT_EQ(customers(m, "sent it to [[Summit]] and to AWS"), Names{"Summit"});
  EXPECT_EQ(customers(m, "Notes: Summit wants a quote"), Names{"Summit"});
}

TEST(ProperNames, UnicodeNames) {
  CustomerMatcher m(vault_with_short_names());
  EXPECT_EQ(customers(m, "Ørsted wants a second site"), Names{"Ørsted Vind"});
  EXPECT_EQ(customers(m, "call with Ørsted Vind about Hornsea"), Names{"Ørsted Vind"});
  EXPECT_EQ(customers(m, "a tender from Ørsted Øresund Energi"), Names{});  // another company
  EXPECT_EQ(customers(m, "lunch at Café Éclair with Dana"), Names{});       // a place, not the customer
  EXPECT_EQ(customers(m, "Éclair renewal is due"), Names{"Éclair"});
  EXPECT_EQ(customers(m, "ÉCOLE Éclair"), Names{});  // an acronym-like capital word before
}

TEST(ProperNames, BadNamesFilesNameTheLine) {
  auto error_of = [](const std::string& yaml) {
    try {
      NameBoundaries::parse(yaml, "names.yaml");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of("joiners: [\n").rfind("names.yaml:2: invalid YAML: ", 0), 0u);
  EXPECT_EQ(error_of("- a\n"), "names.yaml:1: a names file must be a map (joiners, deal_words)");
  EXPECT_EQ(error_of("joiners: [of]\nnouns: [x]\n"),
            "names.yaml:2: unknown key 'nouns' (known: joiners, deal_words)");
  EXPECT_EQ(error_of("joiners: [of]\ndeal_words: x\n"), "names.yaml:2: 'deal_words' must be a list of words");
  EXPECT_EQ(error_of("joiners: [of]\n"), "no error");
}

TEST(ProperNames, BoundariesOnTheirOwn) {
  NameBoundaries b = NameBoundaries::builtin();
  std::string text = "see AWS Summit London";
  EXPECT_TRUE(b.inside_longer_name(text, 8, 14));
  text = "see Summit, London";
  EXPECT_FALSE(b.inside_longer_name(text, 4, 10));  // punctuation between
  text = "see Summit\nLondon office";
  EXPECT_FALSE(b.inside_longer_name(text, 4, 10));  // a line break between
}

// Facts about a competitor or partner are theirs; the customer's dealings
// with one stay the customer's.
TEST(ProperNames, WrongPartyFacts) {
  CustomerMatcher m(vault_with_short_names());
  BlockContext context;
  std::vector<std::string> primary{"Summit"};
  const std::vector<std::string> none, summit{"Summit"};
  EXPECT_EQ(attribute_item("Pure's new array ships in May", context, primary, m), none);
  EXPECT_EQ(attribute_item("Summit is also testing Pure", context, primary, m), summit);
  EXPECT_EQ(attribute_item("our quote is 30% above NetApp's", context, primary, m), summit);
  EXPECT_EQ(attribute_item("AWS Summit London is where they will announce it", context, primary, m), none);
  // The competitor's part in the customer's deal stays the customer's.
  EXPECT_EQ(attribute_item("Pure is the main competitor; their quote came in 15% lower", context, primary, m),
            summit);
}

}  // namespace
}  // namespace dossier
