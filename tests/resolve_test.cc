#include "extractors/resolve.h"

#include <gtest/gtest.h>

#include "vault/meeting.h"
#include "vault/note.h"

namespace dossier {
namespace {

VaultIndex small_vault() {
  VaultIndex v;
  v.add_customer(
      {"Lambda", {"Lambda Cloud"}, {"function", "handler", "architecture"}, "Customers/Lambda.md", ""});
  v.add_customer({"Müller Logistik", {"Müller"}, {}, "Customers/Müller Logistik.md", ""});
  v.add_customer({"Contoso Pharma", {"Contoso"}, {}, "Customers/Contoso Pharma.md", ""});
  v.add_person({"Elena Petrova", {"Elena"}, "Contoso Pharma", "People/Elena Petrova.md"});
  v.add_person({"Marcus Bell", {}, "Quantix", "People/Marcus Bell.md"});
  v.other_organizations = {"Quantix", "AWS"};
  v.own_company = "Northwind";
  return v;
}

std::vector<std::string> names(const std::vector<Mention>& mentions) {
  std::vector<std::string> out;
  for (const Mention& m : mentions) out.push_back(m.name);
  return out;
}

using Names = std::vector<std::string>;

TEST(ResolveMatcher, CommonWordNameOnlyAsAProperNounAwayFromNotWhenWords) {
  CustomerMatcher m(small_vault());
  EXPECT_EQ(names(m.find_mentions("Lambda signed the PO.")), Names{"Lambda"});
  EXPECT_EQ(names(m.find_mentions("a lambda function copies files")), Names{});
  EXPECT_EQ(names(m.find_mentions("Lambda functions copy files")), Names{});  // plural of not_when
  EXPECT_EQ(names(m.find_mentions("the Lambda handler needs S3")), Names{});
  EXPECT_EQ(names(m.find_mentions("use `lambda x: x` or `Lambda`")), Names{});
  EXPECT_EQ(names(m.find_mentions("AWS Lambda functions")), Names{"AWS"});
  EXPECT_EQ(names(m.find_mentions("Lambdas and LambdaX")), Names{});  // whole words only
}

TEST(ResolveMatcher, OffsetsAliasesAndLongestName) {
  CustomerMatcher m(small_vault());
  std::string text = "Call with Lambda Cloud and Müller Logistik's team";
  std::vector<Mention> found = m.find_mentions(text);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(text.substr(found[0].offset, found[0].length), "Lambda Cloud");
  EXPECT_EQ(found[0].name, "Lambda");
  EXPECT_EQ(text.substr(found[1].offset, found[1].length), "Müller Logistik");
  EXPECT_TRUE(found[1].is_customer);
  EXPECT_EQ(names(m.find_mentions("Müllers Lager")), Names{});  // unicode-aware word boundary
  EXPECT_EQ(names(m.find_mentions("Zum Müller.")), Names{"Müller Logistik"});
}

TEST(ResolveMatcher, WikilinksAndTags) {
  CustomerMatcher m(small_vault());
  EXPECT_EQ(names(m.find_mentions("see [[Lambda]]")), Names{"Lambda"});
  EXPECT_EQ(names(m.find_mentions("see [[Contoso Pharma|them]]")), Names{"Contoso Pharma"});
  EXPECT_EQ(names(m.find_mentions("see [[Lambda#Capacity]]")), Names{"Lambda"});
  EXPECT_EQ(names(m.find_mentions("see [[Customers/Müller Logistik]]")), Names{"Müller Logistik"});
  EXPECT_EQ(names(m.find_mentions("[[lambda]] links ignore case")), Names{"Lambda"});
  EXPECT_EQ(names(m.find_mentions("#contoso #renewal")), Names{"Contoso Pharma"});
  EXPECT_EQ(names(m.find_mentions("#customer/contoso-pharma")), Names{"Contoso Pharma"});
  EXPECT_EQ(names(m.find_mentions("page#contoso")), Names{});
  std::vector<Mention> link = m.find_mentions("x [[Lambda|the GPU cloud]] y");
  ASSERT_EQ(link.size(), 1u);
  EXPECT_TRUE(link[0].wikilink);
  EXPECT_EQ(link[0].offset, 2u);
  EXPECT_EQ(link[0].length, 24u);
}

TEST(ResolveMatcher, OtherOrganisations) {
  CustomerMatcher m(small_vault());
  std::vector<Mention> found = m.find_mentions("Quantix announced a price cut");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0].is_customer);
  EXPECT_TRUE(m.is_other_organization("Quantix"));
  EXPECT_FALSE(m.is_other_organization("Lambda"));
  EXPECT_EQ(m.customer_named("[[Contoso Pharma]]"), "Contoso Pharma");
  EXPECT_EQ(m.customer_named("contoso"), "Contoso Pharma");
  EXPECT_EQ(m.customer_named("Quantix"), "");
}

TEST(ResolveMatcher, FindsEveryMentionAmongAThousandCustomers) {
  VaultIndex v = small_vault();
  for (int i = 0; i < 1000; ++i)
    v.add_customer({"Customer" + std::to_string(i) + " Labs", {"C" + std::to_string(i)}, {}, "", ""});
  CustomerMatcher m(v);
  std::string text;
  while (text.size() < 1'000'000) text += "Speaker: we talked to Customer42 Labs and C7 about Lambda today. ";
  // How long it takes is measured by bench/scaling_bench.cc.
  std::vector<Mention> found = m.find_mentions(text);
  EXPECT_GT(found.size(), 40000u);
}

TEST(ResolveMeeting, EveryCustomerKeyOfTheFrontmatterCounts) {
  VaultIndex v = small_vault();
  CustomerMatcher m(v);
  for (const char* key : {"customer", "customers", "account", "company"}) {
    SCOPED_TRACE(key);
    Meeting meeting =
        read_meeting(parse_note("Meetings/x.md",
                                std::string("---\n") + key + ": \"[[Contoso Pharma]]\"\n---\nWeekly sync.\n"),
                     "Meetings/x.md");
    std::vector<CustomerEvidence> evidence = customer_evidence(meeting, segment_meeting(meeting), v, m);
    ASSERT_EQ(evidence.size(), 1u);
    EXPECT_EQ(evidence[0].customer, "Contoso Pharma");
    EXPECT_EQ(evidence[0].line, 2);
  }
}

TEST(ResolveMeeting, FrontmatterAttendeesLinksAndMentionsInLineOrder) {
  VaultIndex v = small_vault();
  CustomerMatcher m(v);
  Meeting meeting = read_meeting(parse_note("Meetings/x.md",
                                            "---\ntitle: Weekly\naccount: \"[[Müller Logistik]]\"\n"
                                            "attendees: [Elena Petrova, Marcus Bell]\n---\n"
                                            "Notes about [[Lambda]] and Contoso.\n"),
                                 "Meetings/x.md");
  std::vector<Block> blocks = segment_meeting(meeting);
  std::vector<CustomerEvidence> evidence = customer_evidence(meeting, blocks, v, m);
  ASSERT_GE(evidence.size(), 4u);
  EXPECT_EQ(evidence[0].customer, "Müller Logistik");
  EXPECT_EQ(evidence[0].line, 3);
  EXPECT_EQ(evidence[1].customer, "Contoso Pharma");  // Elena's company
  EXPECT_EQ(evidence[1].how, EvidenceSource::attendee);
  EXPECT_EQ(evidence[1].line, 4);
  EXPECT_EQ(resolve_customers(meeting, blocks, v, m), (Names{"Müller Logistik", "Contoso Pharma", "Lambda"}));
}

TEST(ResolveMeeting, SpeakersAndUndeclaredFrontmatterCustomers) {
  VaultIndex v = small_vault();
  CustomerMatcher m(v);
  Meeting meeting = read_meeting(
      parse_note("Meetings/y.md", "---\ncustomer: Helios Robotics\n---\nElena Petrova: hello there\n"),
      "Meetings/y.md");
  std::vector<Block> blocks = segment_meeting(meeting);
  EXPECT_EQ(resolve_customers(meeting, blocks, v, m), (Names{"Helios Robotics", "Contoso Pharma"}));
  EXPECT_EQ(attendee_customer("[[Marcus Bell]]", v, m), "");  // works for a non-customer
}

TEST(ResolveMeeting, PrimaryCustomersComeFromTheStrongestEvidence) {
  std::vector<CustomerEvidence> e{{"Lambda", 9, EvidenceSource::mention},
                                  {"Contoso Pharma", 4, EvidenceSource::attendee},
                                  {"Müller Logistik", 2, EvidenceSource::frontmatter}};
  EXPECT_EQ(primary_customers(e), Names{"Müller Logistik"});
  e.pop_back();
  EXPECT_EQ(primary_customers(e), Names{"Contoso Pharma"});
  e.pop_back();
  EXPECT_EQ(primary_customers(e), Names{})
      << "a mention in the body does not make a meeting one with the customer";
  e.push_back({"Contoso Pharma", 1, EvidenceSource::title});
  EXPECT_EQ(primary_customers(e), Names{"Contoso Pharma"});
  EXPECT_EQ(primary_customers(e, true), Names{}) << "type: internal";
  EXPECT_EQ(primary_customers({}), Names{});
}

}  // namespace
}  // namespace dossier
