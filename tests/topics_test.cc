// extractors/topics.h: how a meeting's text is cut into topic words and phrases.
#include "extractors/topics.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extractors/rules.h"

namespace dossier {
namespace {

TEST(Topics, KeysFoldCaseAndPluralsAndKeepInnerHyphensAndApostrophes) {
  EXPECT_EQ(topic_key("Data Flows"), "data flow");
  EXPECT_EQ(topic_key("Follow-ups, mm-hmm; data_sets"), "follow-up mm-hmm data set");
  EXPECT_EQ(topic_key("clinics' data"), "clinics' data");  // an apostrophe inside joins
  EXPECT_EQ(topic_key("pumps-"), "pump");                  // ...not at the end of the text
  EXPECT_EQ(topic_key("-pumps x"), "pump x");
  EXPECT_EQ(topic_key("Ørsted 23 stations"), "ørsted 23 station");
}

TEST(Topics, NameWordsAreEachWordOfEachName) {
  EXPECT_EQ(name_words({"Zoë Álvarez", "Harbor & Pine"}),
            (std::set<std::string>{"zoë", "álvarez", "harbor", "pine"}));
}

TEST(Topics, PunctuationEndsAPhraseButBlanksDoNot) {
  Block b;
  b.line = 3;
  b.text = b.masked = "pump station telemetry. pump station, telemetry";
  std::vector<KeyPhrase> phrases = phrase_candidates({b}, builtin_rules(), {});
  auto count_of = [&](const std::string& key) {
    for (const KeyPhrase& p : phrases)
      if (p.key == key) return p.count;
    return 0;
  };
  EXPECT_EQ(count_of("pump station"), 2);
  EXPECT_EQ(count_of("pump station telemetry"), 1);  // the comma parts the second
  EXPECT_EQ(count_of("telemetry pump"), 0);          // the full stop parts them
  EXPECT_EQ(count_of("telemetry"), 2);
}

}  // namespace
}  // namespace dossier
