// Spoken sentences made readable (fillers, false starts, doubled words) and
// cut to a readable length.
#include "extractors/speech.h"

#include <gtest/gtest.h>

namespace dossier {
namespace {

TEST(CleanSpeech, DropsFillersFalseStartsAndDoubledWords) {
  EXPECT_EQ(clean_speech("Um well this is the kick-off for our our project."),
            "This is the kick-off for our project.");
  EXPECT_EQ(clean_speech("Yeah and so des- uh design it, you know, for the the team."),
            "Design it, for the team.");
  EXPECT_EQ(clean_speech("I'm, I'm in the lab, uh, it's noisy."), "I'm in the lab it's noisy.");
  EXPECT_EQ(clean_speech("Okay so I mean we keep the ingest bucket in Frankfurt."),
            "We keep the ingest bucket in Frankfurt.");
  EXPECT_EQ(clean_speech("This one goes first, right?"), "This one goes first.");
  EXPECT_EQ(clean_speech("Um. Mm-hmm."), "");
  EXPECT_EQ(clean_speech("A flat case or a double double-curved case."),
            "A flat case or a double-curved case.");
  EXPECT_EQ(clean_speech("Then, yeah, we have, uh, three sites."), "We have three sites.");
  EXPECT_EQ(clean_speech("And just so you know, the budget is set."), "Just so you know, the budget is set.");
  EXPECT_EQ(clean_speech("We so we we've decided, I I'm sure."), "We so we've decided, I'm sure.");
  EXPECT_EQ(clean_speech("Do you know what they need?"), "Do you know what they need?");
  EXPECT_EQ(clean_speech("Right now every node uploads logs."), "Right now every node uploads logs.");
}

TEST(CapSpokenLength, CutsAtSentenceThenClauseThenWord) {
  std::string two = std::string(200, 'a') + ". " + std::string(150, 'b') + ".";
  EXPECT_EQ(cap_spoken_length(two), std::string(200, 'a') + ".");
  std::string words;
  while (words.size() < 400) words += "word ";
  std::string capped = cap_spoken_length(words);
  EXPECT_LE(capped.size(), 302u);  // 299 characters and the 3-byte ellipsis
  EXPECT_TRUE(capped.ends_with("\xE2\x80\xA6"));
  EXPECT_EQ(cap_spoken_length("short."), "short.");
}

}  // namespace
}  // namespace dossier
