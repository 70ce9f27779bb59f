// util/unicode.h: word characters beyond ASCII, and plain words.
#include "util/unicode.h"

#include <gtest/gtest.h>

using namespace dossier;

TEST(Unicode, WordCharactersBeyondAscii) {
  EXPECT_TRUE(is_word_char(U'Ø'));
  EXPECT_TRUE(is_word_char(U'é'));
  EXPECT_TRUE(is_word_char(U'7'));
  EXPECT_FALSE(is_word_char(U'-'));
  EXPECT_FALSE(is_word_char(U'\u2019'));
  EXPECT_TRUE(is_upper(U'É'));
  EXPECT_TRUE(is_lower(U'ß'));
}

TEST(Unicode, PlainWordsDropApostrophesInsideWords) {
  using Words = std::vector<std::string>;
  EXPECT_EQ(plain_words("It's Ørsted's call: don\u2019t wait, 5 PB."),
            (Words{"Its", "Ørsteds", "call", "dont", "wait", "5", "PB"}));
  EXPECT_EQ(plain_words("'quoted' -- x"), (Words{"quoted", "x"}));
  EXPECT_EQ(plain_words(""), Words{});
}

TEST(Unicode, CutsNeverSplitACharacter) {
  std::string text = "a\xC3\xA9z";  // "aéz": é is two bytes
  EXPECT_EQ(dossier::char_start(text, 2), 1u);
  EXPECT_EQ(dossier::char_start(text, 1), 1u);
  EXPECT_EQ(dossier::char_start(text, 9), text.size());
  EXPECT_EQ(dossier::previous_char_start(text, 3), 1u);
  EXPECT_EQ(dossier::truncate_utf8(text, 2), "a");
  EXPECT_EQ(dossier::truncate_utf8(text, 3), "a\xC3\xA9");
  EXPECT_EQ(dossier::truncate_utf8(text, 10), text);
}

TEST(Unicode, CapitalisedWordsAndAcronyms) {
  EXPECT_TRUE(starts_upper("Émile"));
  EXPECT_FALSE(starts_upper("émile"));
  EXPECT_FALSE(starts_upper(""));
  EXPECT_TRUE(starts_lower("émile"));
  EXPECT_FALSE(starts_lower("Émile"));
  EXPECT_FALSE(starts_lower("1a"));
  EXPECT_FALSE(starts_lower(""));
  EXPECT_TRUE(all_capitals("AWS"));
  EXPECT_TRUE(all_capitals("B2B"));
  EXPECT_FALSE(all_capitals("A"));
  EXPECT_FALSE(all_capitals("Aws"));
}

TEST(Unicode, NameShapes) {
  for (bool numbers : {false, true}) {
    SCOPED_TRACE(numbers);
    EXPECT_TRUE(looks_like_name("Jane", numbers));
    EXPECT_TRUE(looks_like_name("Mary-Ann O'Neil", numbers));
    EXPECT_TRUE(looks_like_name("J. R. R. Tolkien", numbers));
    EXPECT_TRUE(looks_like_name("Zoë Ørsted O\u2019Brien", numbers));
    EXPECT_FALSE(looks_like_name("", numbers));
    EXPECT_FALSE(looks_like_name("jane Doe", numbers));   // the first word lower-case
    EXPECT_FALSE(looks_like_name("Jane doe", numbers));   // so is another
    EXPECT_FALSE(looks_like_name("Jane  Doe", numbers));  // two spaces
    EXPECT_FALSE(looks_like_name(" Jane", numbers));
    EXPECT_FALSE(looks_like_name("Jane, Doe", numbers));
    EXPECT_FALSE(looks_like_name("A B C D E", numbers));  // five words
    EXPECT_FALSE(looks_like_name("2 Jane", numbers));     // a number first
    EXPECT_FALSE(looks_like_name(std::string(61, 'A'), numbers));
    EXPECT_TRUE(looks_like_name(std::string(60, 'A'), numbers));
  }
  // Numbers: "Speaker 2" is a speaker, not a contact's name.
  EXPECT_TRUE(looks_like_name("Speaker 2", true));
  EXPECT_TRUE(looks_like_name("R2D2", true));
  EXPECT_FALSE(looks_like_name("Speaker 2", false));
  EXPECT_FALSE(looks_like_name("R2D2", false));
  EXPECT_FALSE(looks_like_name("Speaker 2b", true));
}

TEST(Unicode, WordRulesSayWhatDropsAndWhatJoins) {
  using Words = std::vector<std::string>;
  // Every other character ends a word; spans are the words' bytes.
  std::vector<WordSpan> spans = word_spans("Ørsted, A_b 7é", {});
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0].text, "Ørsted");
  EXPECT_EQ(spans[0].begin, 0u);
  EXPECT_EQ(spans[0].end, 7u);  // "Ø" is two bytes
  EXPECT_EQ(spans[1].text, "A_b");
  EXPECT_EQ(spans[2].text, "7é");
  EXPECT_EQ(split_words("it's S.A. well-known", {}), (Words{"it", "s", "S", "A", "well", "known"}));
  // Dropped characters vanish inside a word, and before one.
  EXPECT_EQ(split_words("it's S.A. .x", {is_word_char, U".", {}}), (Words{"it", "s", "SA", "x"}));
  std::vector<WordSpan> dropped = word_spans("don't'", {is_word_char, kApostrophes, {}});
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0].text, "dont");
  EXPECT_EQ(dropped[0].end, 5u);  // the trailing apostrophe is outside
  // Joiners stay inside a begun word, unless they end the text.
  WordRules joined{is_word_char, {}, U"-"};
  EXPECT_EQ(split_words("-follow-up well- done mm-", joined), (Words{"follow-up", "well-", "done", "mm"}));
  // Which characters make a word is a rule too.
  EXPECT_EQ(split_words("a1b2", {is_letter, {}, {}}), (Words{"a", "b"}));
}
