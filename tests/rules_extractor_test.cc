#include "extractors/rules_extractor.h"

#include <gtest/gtest.h>

#include "vault/meeting.h"
#include "vault/note.h"

namespace dossier {
namespace {

VaultIndex extract_vault() {
  VaultIndex v;
  v.add_customer({"Lambda", {"Lambda Cloud"}, {"function", "handler"}, "Customers/Lambda.md", ""});
  v.add_customer({"Kestrel Genomics", {"Kestrel"}, {}, "Customers/Kestrel Genomics.md", ""});
  v.add_customer({"Tidewater Bank", {"Tidewater"}, {}, "Customers/Tidewater Bank.md", ""});
  v.add_person({"Elena Petrova", {"Elena"}, "Kestrel Genomics", "People/Elena Petrova.md"});
  v.add_person({"Marcus Bell", {"Marcus"}, "Quantix", "People/Marcus Bell.md"});
  v.add_person({"Priya Raman", {}, "Northwind", "People/Priya Raman.md"});
  v.other_organizations = {"Quantix", "AWS"};
  v.own_company = "Northwind";
  return v;
}

class ExtractRules : public ::testing::Test {
 protected:
  Extraction run(const std::string& path, const std::string& text) {
    meeting_ = read_meeting(parse_note(path, text), path);
    return extract_rules(meeting_, vault_, matcher_, rules_);
  }
  const Item* at(const Extraction& e, int line, ItemKind kind) {
    for (const Item& i : e.items)
      if (i.line == line && i.kind == kind) return &i;
    return nullptr;
  }
  int count(const Extraction& e, ItemKind kind) {
    return static_cast<int>(
        std::count_if(e.items.begin(), e.items.end(), [&](const Item& i) { return i.kind == kind; }));
  }

  VaultIndex vault_ = extract_vault();
  CustomerMatcher matcher_{vault_};
  RuleSet rules_ = builtin_rules();
  Meeting meeting_;
};

TEST_F(ExtractRules, HeadedNoteWithSectionsMarkersAndTasks) {
  Extraction e =
      run("Meetings/2025-01-02 Lambda sync.md",
          "---\ncustomer: \"[[Lambda]]\"\n---\n# Lambda sync\n\n## Decisions\n- Start with a 4-node POC.\n"
          "- Should we also test NFS?\n\n## Action Items\n- [ ] Tomás to send the rack plan\n"
          "- [x] done already\n\n## Notes\n- Checkpoints are 18 TB each.\n- Risk: rack space is tight\n");
  EXPECT_EQ(e.customers, std::vector<std::string>{"Lambda"});
  ASSERT_NE(at(e, 7, ItemKind::decision), nullptr);
  EXPECT_EQ(at(e, 7, ItemKind::decision)->text, "Start with a 4-node POC.");
  EXPECT_EQ(at(e, 7, ItemKind::decision)->customer, "Lambda");
  EXPECT_EQ(at(e, 8, ItemKind::decision), nullptr);  // a question is not a decision
  ASSERT_NE(at(e, 11, ItemKind::next_step), nullptr);
  EXPECT_EQ(at(e, 11, ItemKind::next_step)->text, "Tomás to send the rack plan");
  EXPECT_EQ(at(e, 12, ItemKind::next_step), nullptr);  // ticked off
  EXPECT_NE(at(e, 15, ItemKind::fact), nullptr);
  ASSERT_NE(at(e, 16, ItemKind::blocker), nullptr);  // marker beats the Notes heading
  EXPECT_EQ(at(e, 16, ItemKind::blocker)->text, "Rack space is tight");
}

TEST_F(ExtractRules, ParaphrasedDecisionsButNotFloatedIdeas) {
  Extraction e = run("Meetings/t.md",
                     "---\ncustomer: Lambda\n---\n"
                     "Ken Ishida: On the network side, let's go with dual 200G per node.\n"
                     "Ken Ishida: We could maybe move the metadata nodes later.\n"
                     "Priya Raman: Should we consider a joint reference architecture?\n"
                     "Maya Okafor: So we're going to go ahead with the object tier.\n"
                     "Priya Raman: We agreed to hold pricing until March.\n");
  EXPECT_NE(at(e, 4, ItemKind::decision), nullptr);
  EXPECT_EQ(at(e, 5, ItemKind::decision), nullptr);
  EXPECT_EQ(at(e, 6, ItemKind::decision), nullptr);
  EXPECT_NE(at(e, 7, ItemKind::decision), nullptr);
  EXPECT_NE(at(e, 8, ItemKind::decision), nullptr);
  EXPECT_EQ(count(e, ItemKind::decision), 3);
  EXPECT_EQ(at(e, 4, ItemKind::decision)->speaker, "Ken Ishida");
}

TEST_F(ExtractRules, CustomerOnlyThroughAnAttendeesCompany) {
  Extraction e = run(
      "Meetings/review.md",
      "---\nattendees: [\"[[Elena Petrova]]\", Priya Raman]\n---\n## Decisions\n- Pilot the object tier.\n");
  EXPECT_EQ(e.customers, std::vector<std::string>{"Kestrel Genomics"});
  ASSERT_NE(at(e, 5, ItemKind::decision), nullptr);
  EXPECT_EQ(at(e, 5, ItemKind::decision)->customer, "Kestrel Genomics");
  const Item* contact = at(e, 2, ItemKind::contact);
  ASSERT_NE(contact, nullptr);
  EXPECT_EQ(contact->text, "[[Elena Petrova]]");  // her People note, which gives no role
}

TEST_F(ExtractRules, NonCustomerOrganisationItemsGoNowhere) {
  Extraction e =
      run("Meetings/coffee.md",
          "---\nattendees: [Marcus Bell]\n---\n## What it means\n"
          "- Quantix announced a 20% price cut.\n- Decided: for Tidewater we compete on services.\n");
  EXPECT_EQ(e.customers, std::vector<std::string>{"Tidewater Bank"});
  ASSERT_NE(at(e, 6, ItemKind::decision), nullptr);
  EXPECT_EQ(at(e, 6, ItemKind::decision)->customer, "Tidewater Bank");
  for (const Item& i : e.items) {
    if (i.line == 5) {
      EXPECT_EQ(i.customer, std::nullopt) << i.text;
    }
  }
}

TEST_F(ExtractRules, LambdaFunctionIsNotTheCustomerLambda) {
  Extraction e = run("Meetings/contoso.md",
                     "Sofia: Our instruments upload to S3 and a Lambda function copies them.\n"
                     "Tom: the lambda function needs the endpoint, AWS Lambda handler too.\n"
                     "```\nf = lambda x: x\nLambda\n```\nTom: I'll send the endpoint details today.\n");
  EXPECT_TRUE(e.customers.empty());
  ASSERT_NE(at(e, 7, ItemKind::next_step), nullptr);
  EXPECT_EQ(at(e, 7, ItemKind::next_step)->customer, std::nullopt);
}

TEST_F(ExtractRules, TwoCustomersInSeparateSectionsOfADailyNote) {
  Extraction e = run("Daily/2025-11-14.md",
                     "# Friday\n## Meeting with Tidewater Bank\n- Decision: use the Thales HSM via KMIP.\n"
                     "- [ ] send the auditor list\n## Call with Kestrel\n- Decided: order 800 TB.\n"
                     "## Personal\n- [ ] submit the Q4 expenses\n");
  EXPECT_EQ(e.customers, (std::vector<std::string>{"Tidewater Bank", "Kestrel Genomics"}));
  EXPECT_EQ(at(e, 3, ItemKind::decision)->customer, "Tidewater Bank");
  EXPECT_EQ(at(e, 4, ItemKind::next_step)->customer, "Tidewater Bank");
  EXPECT_EQ(at(e, 6, ItemKind::decision)->customer, "Kestrel Genomics");
  EXPECT_EQ(at(e, 8, ItemKind::next_step)->customer, std::nullopt);
}

TEST_F(ExtractRules, SummaryFromFrontmatterSectionParagraphOrTitle) {
  Extraction a = run("m.md", "---\nsummary: Agreed the POC plan.\n---\nText here is long enough.\n");
  ASSERT_NE(at(a, 2, ItemKind::summary), nullptr);
  EXPECT_EQ(at(a, 2, ItemKind::summary)->text, "Agreed the POC plan.");
  Extraction b =
      run("m.md", "# T\nSome intro paragraph with words. More.\n## TL;DR\nShort version here. Rest.\n");
  ASSERT_NE(at(b, 4, ItemKind::summary), nullptr);
  EXPECT_EQ(at(b, 4, ItemKind::summary)->text, "Short version here.");
  Extraction c = run("m.md", "# The title\n- just a bullet\n");
  ASSERT_NE(at(c, 1, ItemKind::summary), nullptr);
  EXPECT_EQ(at(c, 1, ItemKind::summary)->text, "The title");
  EXPECT_EQ(count(c, ItemKind::summary), 1);
}

TEST_F(ExtractRules, ShortenCutsAtAWordBoundary) {
  std::string longer(50, 'a');
  std::string text = longer + " " + longer + " " + longer + " " + longer;
  std::string s = shorten(text, 120);
  EXPECT_EQ(s, longer + " " + longer + "\xE2\x80\xA6");
  EXPECT_EQ(shorten("short"), "short");
}

TEST_F(ExtractRules, TopicsFromSectionsAndFrontmatter) {
  Extraction e = run(
      "m.md", "---\ncustomer: Lambda\ntopics:\n  - GPU capacity\n---\n## Topics\n- Checkpoint throughput\n");
  ASSERT_NE(at(e, 4, ItemKind::topic), nullptr);
  EXPECT_EQ(at(e, 4, ItemKind::topic)->text, "GPU capacity");
  ASSERT_NE(at(e, 7, ItemKind::topic), nullptr);
  EXPECT_EQ(at(e, 7, ItemKind::topic)->customer, "Lambda");
}

TEST_F(ExtractRules, OneMegabyteTranscript) {
  std::string text = "---\ncustomer: Lambda\n---\n";
  const char* turns[] = {"Maya Okafor: Let's go with dual 200G per node for rack ",
                         "Ken Ishida: I'll send the rack elevation tonight, and Kestrel asked too, rack ",
                         "Priya Raman: Should we consider a joint design? Not sure yet, rack ",
                         "Maya Okafor: We're waiting on the PDUs for `lambda x: x` rack "};
  for (size_t i = 0; text.size() < size_t{1024} * 1024; ++i)
    text += turns[i % 4] + std::to_string(i / 4) + ".\n";
  Extraction e = run("Meetings/big.md", text);
  EXPECT_GT(count(e, ItemKind::decision), 1000);
  EXPECT_GT(count(e, ItemKind::next_step), 1000);
  EXPECT_GT(count(e, ItemKind::blocker), 1000);
  EXPECT_EQ(e.customers, (std::vector<std::string>{"Lambda", "Kestrel Genomics"}));
}

}  // namespace
}  // namespace dossier
