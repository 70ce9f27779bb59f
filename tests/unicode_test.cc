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
