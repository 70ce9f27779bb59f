#include "vault/customer_names.h"

#include <gtest/gtest.h>

#include "vault/vault.h"

namespace dossier {
namespace {

TEST(CompanyKey, LegalSuffixesAndPunctuationDoNotCount) {
  EXPECT_EQ(company_key("Orbital Bank Inc."), "orbital bank");
  EXPECT_EQ(company_key("Orbital Bank, Inc"), "orbital bank");
  EXPECT_EQ(company_key("ORBITAL BANK"), "orbital bank");
  EXPECT_EQ(company_key("Müller Logistik GmbH"), "müller logistik");
  EXPECT_EQ(company_key("Helios Robotics S.A."), "helios robotics");
  EXPECT_EQ(company_key("Acme Holdings plc"), "acme holdings");
  EXPECT_EQ(company_key("Kestrel Corp LLC"), "kestrel");
  EXPECT_EQ(company_key("AG"), "ag") << "one word is always kept";
  EXPECT_EQ(company_key("Contoso Pharma"), "contoso pharma");
  // A dot inside or after a word vanishes; an apostrophe parts words.
  EXPECT_EQ(company_key("A.B. Dick's Co."), "ab dick s");
  EXPECT_EQ(company_key(".Net Works"), "net works");
}

TEST(CompanyKey, NearNamesAreTyposButShortOnesAreNot) {
  EXPECT_TRUE(near_company_keys("orbital bank", "orbitl bank"));
  EXPECT_TRUE(near_company_keys("tidewater bank", "tidewatr bank"));
  EXPECT_FALSE(near_company_keys("orbital bank", "orbital bank"));
  EXPECT_FALSE(near_company_keys("acme", "acne")) << "short names differ by one letter legitimately";
  EXPECT_FALSE(near_company_keys("contoso pharma", "kestrel genomics"));
}

TEST(CompanyKey, FindCustomerIgnoresSuffixesAndDuplicatesAreListed) {
  VaultIndex v;
  Customer orbital;
  orbital.name = "Orbital Bank";
  orbital.path = "Customers/Orbital Bank.md";
  Customer dup;
  dup.name = "Orbital Bank Inc";
  dup.path = "Customers/Orbital Bank Inc.md";
  Customer other;
  other.name = "Kestrel Genomics";
  other.path = "Customers/Kestrel Genomics.md";
  v.add_customer(orbital);
  v.add_customer(other);
  ASSERT_NE(find_customer(v, "Orbital Bank Inc."), nullptr);
  EXPECT_EQ(find_customer(v, "Orbital Bank Inc.")->name, "Orbital Bank");
  EXPECT_EQ(find_customer(v, "Orbitl Bank"), nullptr);
  ASSERT_NE(near_customer(v, "Orbitl Bank"), nullptr);
  EXPECT_EQ(near_customer(v, "Orbitl Bank")->name, "Orbital Bank");
  EXPECT_TRUE(near_duplicate_customers(v).empty());
  v.add_customer(dup);
  std::vector<Failure> duplicates = near_duplicate_customers(v);
  ASSERT_EQ(duplicates.size(), 1u);
  EXPECT_EQ(duplicates[0].path, "Customers/Orbital Bank Inc.md");
  EXPECT_EQ(duplicates[0].line, 1);
  EXPECT_EQ(
      duplicates[0].message,
      "looks like a duplicate of Customers/Orbital Bank.md (merge the two notes, or give one an alias)");
}

}  // namespace
}  // namespace dossier
