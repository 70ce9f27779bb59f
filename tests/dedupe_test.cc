#include "pipeline/dedupe.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>

namespace dossier {
namespace {

TEST(DedupeKeyTest, DropsListSyntaxMarkersAndProvenance) {
  EXPECT_EQ(dedupe_key("- ✅ Go with AZCopy compatibility first ([[2025-01-02 Sync]])"),
            "go with azcopy compatibility first");
  EXPECT_EQ(dedupe_key("- Signal: wants a second region ([[A]], [[B]])\r\n"),
            "wants a second region");
  EXPECT_EQ(dedupe_key("  * [ ] Send the quote ([[A]])"), "send the quote");
  EXPECT_EQ(dedupe_key("- [x] Send the quote ([[A]]) ✅ 2025-03-04"), "send the quote");
  EXPECT_EQ(dedupe_key("3. **Decision:** Ship it."), "ship it");
  EXPECT_EQ(dedupe_key("- Met [[People/Jane Doe|Jane]] and [Bob](https://x.y)"), "met jane and bob");
  EXPECT_EQ(dedupe_key("- Met [[Jane Doe]]"), "met jane doe");
}

TEST(DedupeKeyTest, FoldsCaseUnicodeAndPunctuation) {
  EXPECT_EQ(dedupe_key("ÄRGER über   Straße!"), dedupe_key("ärger ÜBER strasse"));
  EXPECT_EQ(dedupe_key("Follow-up: don't wait"), "follow up dont wait");
  EXPECT_EQ(dedupe_key("Acme's team"), "acme team");
  EXPECT_EQ(dedupe_key("Microsoft’s deal"), "microsoft deal");
  EXPECT_EQ(dedupe_key("ＡＢＣ"), "abc");  // NFKC: full-width letters
  EXPECT_EQ(dedupe_key("   "), "");
  EXPECT_EQ(dedupe_key("- ✅"), "");
}

TEST(DedupeKeyTest, KeepsParenthesesThatAreNotProvenance) {
  EXPECT_EQ(dedupe_key("Uses Cosmos (not Cosmos DB)"), "uses cosmos not cosmos db");
  EXPECT_EQ(dedupe_key("Link ([[A]] and more)"), "link a and more");
}

TEST(DedupeProvenanceTest, FindsOnlyATrailingGroupOfLinks) {
  EXPECT_EQ(provenance_start("x ([[A]])"), 2u);
  EXPECT_EQ(provenance_start("x ([[A]], [[B c]])  "), 2u);
  EXPECT_EQ(provenance_start("x ([[A]]) more"), std::nullopt);
  EXPECT_EQ(provenance_start("x ([[A]] and [[B]])"), std::nullopt);
  EXPECT_EQ(provenance_start("x ([[A]],)"), std::nullopt);
  EXPECT_EQ(provenance_start("a ([[A]]) b ([[B]])"), 12u);
}

TEST(DedupeListMarkerTest, StripsMarkersAndCheckboxes) {
  EXPECT_EQ(strip_list_marker("  - [ ] a"), "a");
  EXPECT_EQ(strip_list_marker("12) b"), "b");
  EXPECT_EQ(strip_list_marker("> - c"), "c");
  EXPECT_EQ(strip_list_marker("-d"), "-d");
  EXPECT_EQ(strip_list_marker("2025-01-01 e"), "2025-01-01 e");
}

// The measurement behind the default threshold. Pairs an extractor (or a
// user) produces for the same item in different meetings must match; pairs
// that differ in one content word must not. The test prints the interval of
// thresholds that classifies every pair correctly and checks that the
// default, 0.8, lies inside it.
struct LabelledPair {
  const char* a;
  const char* b;
  bool same;
};

const LabelledPair kPairs[] = {
    {"Customer wants SSO before the pilot", "The customer wants SSO before the pilot.", true},
    {"Send the pricing proposal to Acme by Friday", "Send pricing proposal to Acme by Friday", true},
    {"Budget approved for Q3 expansion", "Budget approved for the Q3 expansion", true},
    {"Acme runs 40 nodes in Frankfurt", "Acme runs 40 nodes in Frankfurt today", true},
    {"Security review must finish before rollout", "Before rollout, the security review must finish", true},
    {"Follow-up call with legal next week", "Follow up call with Legal next week.", true},
    {"Their storage team is moving to a new data center in Oslo",
     "Their storage team is moving to a new data centre in Oslo", true},
    {"Pilot will run on 12 GPU nodes starting in May", "The pilot will run on 12 GPU nodes starting in May", true},
    {"Procurement requires a signed security questionnaire",
     "Procurement requires the signed security questionnaire", true},
    {"Need to confirm the licence count with finance", "Need to confirm licence count with finance team", true},
    {"Schedule architecture review with their platform team",
     "Schedule an architecture review with the platform team", true},
    {"Customer reported slow restores from the archive tier",
     "Customer reported slow restores from archive tier", true},
    {"Acme is evaluating a move off tape for long-term retention",
     "Acme is evaluating a move off tape for long term retention", true},
    {"Kickoff meeting scheduled with their CTO", "Kickoff meeting scheduled with the CTO", true},
    {"Customer's security team signed off on the design", "Customer security team signed off on the design", true},
    {"Send pricing to Acme", "Send contract to Acme", false},
    {"Migrate 2 PB to the new cluster in Q3", "Migrate 5 PB to the new cluster in Q4", false},
    {"Customer approved the Q3 budget", "Customer rejected the Q3 budget", false},
    {"Acme wants SSO", "Acme does not want SSO", false},
    {"Renewal decision expected after the board meeting in March",
     "Renewal decision expected after the board meeting in April", false},
    {"Acme plans to migrate 2 PB to the new cluster in Q3", "Acme plans to migrate 5 PB to the new cluster in Q3", false},
    {"Schedule a demo for the data science team", "Schedule a demo for the security team", false},
    {"Legal review of the MSA is blocking the pilot", "Legal review of the DPA is blocking the pilot", false},
    {"Customer uses S3 for backups", "Customer uses Azure Blob for backups", false},
    {"Jane owns the rollout plan", "Jane owns the budget plan", false},
    {"Expand the pilot to the Berlin office", "Expand the pilot to the Paris office", false},
    {"Send the updated quote to procurement by Friday", "Send the updated quote to finance by Friday", false},
    {"Customer plans to expand to 3 regions", "Customer plans to expand to 5 regions", false},
    {"Renewal due in June 2026", "Renewal due in June 2027", false},
    {"Deploy the connector in staging", "Deploy the connector in production", false},
};

TEST(DedupeThresholdTest, DefaultSeparatesMeasuredPairs) {
  double lowest_same = 1.0, highest_different = 0.0;
  for (const LabelledPair& pair : kPairs) {
    std::string a = dedupe_key(pair.a), b = dedupe_key(pair.b);
    EXPECT_EQ(near_duplicate(a, b, 0.8), pair.same) << pair.a << " | " << pair.b;
    // Pairs the number rule already separates say nothing about the threshold.
    if (!pair.same && !near_duplicate(a, b, 1e-9)) continue;
    double score = token_set_similarity(a, b);
    if (pair.same) lowest_same = std::min(lowest_same, score);
    if (!pair.same) highest_different = std::max(highest_different, score);
  }
  std::printf("dedupe threshold: every pair right for %.3f < t <= %.3f\n", highest_different,
              lowest_same);
  EXPECT_LT(highest_different, 0.8);
  EXPECT_GE(lowest_same, 0.8);
}

TEST(DedupeSimilarityTest, JaccardOverContentWords) {
  EXPECT_DOUBLE_EQ(token_set_similarity("a b c", "a b c"), 1.0);
  EXPECT_DOUBLE_EQ(token_set_similarity("x y", "y z"), 1.0 / 3);
  EXPECT_DOUBLE_EQ(token_set_similarity("the x", "a x"), 1.0);  // articles ignored
  EXPECT_DOUBLE_EQ(token_set_similarity("the", "the"), 1.0);    // unless that is all there is
  EXPECT_DOUBLE_EQ(token_set_similarity("", ""), 1.0);
  EXPECT_FALSE(near_duplicate("ship 2 racks now", "ship 3 racks now", 0.5));
  EXPECT_TRUE(near_duplicate("same", "same", 2.0));  // equal keys match at any threshold
}

TEST(DedupeIndexTest, FindsExactAndNearDuplicates) {
  DedupeIndex index(0.8);
  index.add(dedupe_key("Send pricing proposal to Acme by Friday"), 7);
  index.add(dedupe_key("Customer uses S3 for backups"), 9);
  index.add("", 11);  // empty keys are never indexed
  EXPECT_EQ(index.find(dedupe_key("send pricing proposal to acme by friday!")), 7u);
  EXPECT_EQ(index.find(dedupe_key("Send the pricing proposal to Acme by Friday")), 7u);
  EXPECT_EQ(index.find(dedupe_key("Customer uses Azure Blob for backups")), std::nullopt);
  EXPECT_EQ(index.find(""), std::nullopt);
}

TEST(DedupeIndexTest, PrefersTheMostSimilarEntry) {
  DedupeIndex index(0.5);
  index.add("alpha beta gamma delta", 1);
  index.add("alpha beta gamma delta epsilon", 2);
  EXPECT_EQ(index.find("alpha beta gamma delta epsilon zeta"), 2u);
}

TEST(DedupeIndexTest, ThresholdAboveOneMeansExactOnly) {
  DedupeIndex index(1.5);
  index.add("a b c d e f g h i j", 1);
  EXPECT_EQ(index.find("a b c d e f g h i j k"), std::nullopt);
  EXPECT_EQ(index.find("a b c d e f g h i j"), 1u);
}

// The candidate pruning (rarest tokens only) must never lose a match: compare
// with a brute-force scan on random keys over a small vocabulary, where
// common tokens abound.
TEST(DedupeIndexTest, AgreesWithBruteForce) {
  std::mt19937 random(42);
  const char* words[] = {"w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "wa", "wb"};
  auto random_key = [&] {
    std::string key;
    int n = 1 + static_cast<int>(random() % 6);
    for (int i = 0; i < n; ++i) key += std::string(i ? " " : "") + words[random() % 12];
    return key;
  };
  for (double threshold : {0.5, 0.67, 0.8, 1.0}) {
    DedupeIndex index(threshold);
    std::vector<std::string> keys;
    for (int i = 0; i < 300; ++i) {
      keys.push_back(random_key());
      index.add(keys.back(), static_cast<size_t>(i));
    }
    for (int q = 0; q < 300; ++q) {
      std::string query = random_key();
      bool brute = std::any_of(keys.begin(), keys.end(), [&](const std::string& key) {
        return near_duplicate(query, key, threshold);
      });
      std::optional<size_t> found = index.find(query);
      ASSERT_EQ(found.has_value(), brute) << query << " at " << threshold;
      if (found) {
        EXPECT_TRUE(near_duplicate(query, keys[*found], threshold));
      }
    }
  }
}

}  // namespace
}  // namespace dossier
