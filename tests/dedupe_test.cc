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
  EXPECT_EQ(dedupe_key("- Signal: wants a second region ([[A]], [[B]])\r\n"), "wants a second region");
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
  EXPECT_EQ(provenance_start("x ([[A]] ,\t[[B|b]])\r\n"), 2u);
  EXPECT_EQ(provenance_start("x ([[]])"), 2u);
  EXPECT_EQ(provenance_start("x ([[A]],, [[B]])"), std::nullopt);
  EXPECT_EQ(provenance_start("x ([[A]] [[B]])"), std::nullopt);  // no comma between
  EXPECT_EQ(provenance_start("x ([[A]b]])"), std::nullopt);      // a bracket inside a link
  EXPECT_EQ(provenance_start("x ([[a [[B]])"), std::nullopt);
  EXPECT_EQ(provenance_start("x ([[A]]])"), std::nullopt);
  EXPECT_EQ(provenance_start("x ([[A]]) ([[B]], [[C]])"), 10u);  // the last group that is only links
  EXPECT_EQ(provenance_start("x ([[A]], ([[B]])"), 10u);
}

TEST(DedupeListMarkerTest, StripsMarkersAndCheckboxes) {
  EXPECT_EQ(strip_list_marker("  - [ ] a"), "a");
  EXPECT_EQ(strip_list_marker("12) b"), "b");
  EXPECT_EQ(strip_list_marker("> - c"), "c");
  EXPECT_EQ(strip_list_marker("-d"), "-d");
  EXPECT_EQ(strip_list_marker("2025-01-01 e"), "2025-01-01 e");
}

TEST(DedupeSimilarityTest, JaccardOverStemmedContentWords) {
  WordingReader en("en");
  EXPECT_DOUBLE_EQ(token_set_similarity("a b c", "a b c", en), 1.0);
  EXPECT_DOUBLE_EQ(token_set_similarity("x y", "y z", en), 1.0 / 3);
  EXPECT_DOUBLE_EQ(token_set_similarity("the x", "a x", en), 1.0);  // articles ignored
  EXPECT_DOUBLE_EQ(token_set_similarity("the", "the", en), 1.0);    // unless that is all there is
  EXPECT_DOUBLE_EQ(token_set_similarity("", "", en), 1.0);
  EXPECT_DOUBLE_EQ(token_set_similarity("Sam sends the quotes", "Sam to send quote", en),
                   1.0);  // stems; "to", "the" are function words
  EXPECT_DOUBLE_EQ(token_set_similarity("Sam sends the quotes", "Sam sends the deck", en), 2.0 / 4);
  EXPECT_FALSE(near_duplicate("ship 2 racks now", "ship 3 racks now", 0.5, en));
  EXPECT_FALSE(near_duplicate("ship two racks", "ship 3 racks", 0.5, en));  // number words are numbers
  EXPECT_TRUE(near_duplicate("ship two racks", "ship 2 racks", 0.5, en));
  EXPECT_TRUE(near_duplicate("same", "same", 2.0, en));  // equal keys match at any threshold
}

TEST(DedupeWordingTest, NamesAreCapitalsInsideASentenceOrAcronyms) {
  WordingReader en("en");
  // A sentence opens at the start and after . ! ? : ; or a line break.
  Wording w = en.read("Then Sam met Dana. Rita agreed; Bob's team and the CFO: Lee\nKim too");
  EXPECT_EQ(w.names, (std::vector<std::string>{"cfo", "dana", "sam"}));
  EXPECT_EQ(w.capitals, (std::vector<std::string>{"cfo", "dana", "kim", "lee", "rita", "sam"}));
}

TEST(DedupeWordingTest, StemsButNeverNumbersNamesTimesOrNegation) {
  WordingReader en("en");
  Wording w = en.read("Sam sends updated quotes with the 500 TB tier by Nov 28");
  EXPECT_EQ(w.numbers, (std::vector<std::string>{"28", "500"}));
  EXPECT_EQ(w.times, std::vector<std::string>{"nov"});
  EXPECT_EQ(w.names, std::vector<std::string>{"tb"});
  EXPECT_TRUE(near_duplicate("Sam to send updated quote with the 500 TB tier by Nov 28",
                             "Sam sends updated quote with the 500 TB tier by Nov 28", 0.8, en));
  EXPECT_FALSE(near_duplicate("Go with 2 PB in Q1", "Go with 2 PB in Q2", 0.5, en));
  EXPECT_FALSE(near_duplicate("Acme will move to the archive tier at renewal",
                              "Acme will not move to the archive tier at renewal", 0.5, en));
  EXPECT_FALSE(near_duplicate("Send it to Sam by Friday", "Send it to Sam by Monday", 0.5, en));
  EXPECT_FALSE(near_duplicate("Ask Ken for the rack plan", "Ask Maya for the rack plan", 0.5, en));
  EXPECT_TRUE(near_duplicate("Ask for the rack plan", "Ask Ken for the rack plan", 0.5, en));
  WordingReader de("de");
  EXPECT_TRUE(near_duplicate("Jürgen schickt die Angebote", "Jürgen schickte das Angebot", 0.8, de));
  EXPECT_EQ(de.read("Das Angebot").names, std::vector<std::string>{});  // German nouns are not names
  WordingReader unknown("xx");
  EXPECT_EQ(unknown.language(), "en");
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

// The candidate filter must never change a decision: on generated notes
// over a small vocabulary (where every word is common), with names,
// numbers, times and negations, find() returns exactly the entry a scan of
// every entry picks.
std::string random_line(std::mt19937& random) {
  static const char* words[] = {"ship", "racks", "quote",   "renewal", "tier",   "archive", "backup",
                                "send", "deck",  "pricing", "review",  "site",   "the",     "to",
                                "Sam",  "Dana",  "ACME",    "not",     "Friday", "Q1",      "2",
                                "500",  "TB",    "next",    "won't",   "migrate"};
  std::string line;
  int n = static_cast<int>(random() % 16);  // short lines use subset hashes, long ones postings
  for (int i = 0; i < n; ++i) line += std::string(i ? " " : "") + words[random() % std::size(words)];
  return line;
}

TEST(DedupeIndexTest, AgreesWithAScanOfEveryEntry) {
  std::mt19937 random(42);
  for (double threshold : {0.3, 0.5, 0.67, 0.75, 0.8, 0.9, 1.0}) {
    DedupeIndex index(threshold);
    for (size_t i = 0; i < 400; ++i) {
      std::string query = random_line(random);
      ASSERT_EQ(index.find(query), index.find_by_scan(query)) << query << " at " << threshold;
      index.add(random() % 4 ? query : random_line(random), i);  // a note grows as items are merged
    }
  }
}

// A note of many lines over few distinct words: each lookup compares the
// item with a few lines, not with most of the note.
TEST(DedupeIndexTest, SmallVocabularyLookupsCompareFewLines) {
  const char* words[] = {"alpha",   "beta", "gamma", "delta",  "epsilon", "zeta",   "eta",
                         "theta",   "iota", "kappa", "lambda", "mu",      "nu",     "xi",
                         "omicron", "pi",   "rho",   "sigma",  "tau",     "upsilon"};
  std::mt19937 random(5);
  auto line = [&] {
    std::vector<std::string> pick(std::begin(words), std::end(words));
    std::shuffle(pick.begin(), pick.end(), random);
    std::string s = "Acme";
    for (int i = 0; i < 8; ++i) s += " " + pick[static_cast<size_t>(i)];
    return s;
  };
  DedupeIndex index(kDefaultDedupeThreshold);
  constexpr size_t kLines = 5000, kItems = 500;
  for (size_t i = 0; i < kLines; ++i) index.add(line(), i);
  for (size_t i = 0; i < kItems; ++i) index.find(line());
  for (size_t i = 0; i < kItems; ++i) index.find(line() + " extra" + std::to_string(i));
  // A scan compares every item with every line: 2 * kItems * kLines.
  EXPECT_LT(index.comparisons(), 2 * kItems * 50);
}

// A text read once is found as a text read anew would be, in each index's
// language: the merge looks one item up in several sections.
TEST(DedupeIndexTest, ATextReadOnceIsReadInEachIndexLanguage) {
  DedupeIndex en(kDefaultDedupeThreshold, "en"), de(kDefaultDedupeThreshold, "de");
  en.add("Send the revised offer to Jürgen", 1);
  de.add("Jürgen schickte das Angebot", 2);
  DedupeText text("Jürgen schickt die Angebote");
  EXPECT_EQ(en.find(text), en.find(text.text()));
  EXPECT_EQ(de.find(text), 2u);  // read again, in German
  EXPECT_EQ(en.find(text), std::nullopt);
  DedupeText offer("send the revised offer to Jürgen!");
  EXPECT_EQ(de.find(offer), std::nullopt);
  EXPECT_EQ(en.find(offer), 1u);
}

// A later meeting deciding the opposite, or another place, is a new line:
// merged into the old one it would make the note assert what was reversed.
TEST(DedupeIndexTest, ANegatedDecisionOrAnotherPlaceIsAnotherItem) {
  DedupeIndex index(kDefaultDedupeThreshold);
  index.add("- ✅ Acme will renew the storage contract in March. ([[2026-01-05 Acme sync]])", 1);
  index.add("- ✅ Acme has agreed to renew the storage contract in March.", 2);
  index.add("- ✅ Acme will move the archive tier and the backup copies to the Dallas data center in March.",
            3);
  EXPECT_EQ(index.find("Acme will not renew the storage contract in March."), std::nullopt);
  EXPECT_EQ(index.find("Acme will never renew the storage contract in March."), std::nullopt);
  EXPECT_EQ(index.find("Acme has not agreed to renew the storage contract in March."), std::nullopt);
  EXPECT_EQ(index.find(
                "Acme will move the archive tier and the backup copies to the Phoenix data center in March."),
            std::nullopt);
  EXPECT_NE(index.find("Acme renews the storage contract in March"),
            std::nullopt);  // the same wording, inflected
}

}  // namespace
}  // namespace dossier
