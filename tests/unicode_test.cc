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
  EXPECT_EQ(plain_words("It's Ørsted's call: don\u2019t wait, 5 PB."), (Words{"Its", "Ørsteds", "call", "dont", "wait", "5", "PB"}));
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
  EXPECT_TRUE(all_capitals("AWS"));
  EXPECT_TRUE(all_capitals("B2B"));
  EXPECT_FALSE(all_capitals("A"));
  EXPECT_FALSE(all_capitals("Aws"));
}
