#include "extractors/normalize.h"

#include <gtest/gtest.h>

namespace dossier {
namespace {

TEST(NormalizeItem, StripsListSyntaxCheckboxesAndSpaces) {
  EXPECT_EQ(normalize_item_text("- Go   with\tX "), "Go with X");
  EXPECT_EQ(normalize_item_text("12. Numbered item"), "Numbered item");
  EXPECT_EQ(normalize_item_text("- [ ] Tomás: send the plan"), "Tomás: send the plan");
  EXPECT_EQ(normalize_item_text("line one\n  line two"), "line one line two");
  EXPECT_EQ(normalize_item_text("-5% price cut"), "-5% price cut");  // not list syntax
}

TEST(NormalizeItem, StripsMarkerAndCapitalises) {
  std::string text = "Decision: size production for 48 nodes.";
  EXPECT_EQ(normalize_item_text(text, 10), "Size production for 48 nodes.");
  EXPECT_EQ(normalize_item_text("Risk - ärger ahead", 5), "Ärger ahead");  // separator and unicode
  EXPECT_EQ(normalize_item_text("TODO update CRM", 5), "Update CRM");
}

TEST(NormalizeItem, WholeTextEmphasisAndBlockIds) {
  EXPECT_EQ(normalize_item_text("**Ship it in March**"), "Ship it in March");
  EXPECT_EQ(normalize_item_text("_quiet note_"), "quiet note");
  EXPECT_EQ(normalize_item_text("**Ship** it and **test** it"), "**Ship** it and **test** it");
  EXPECT_EQ(normalize_item_text("Ship it ^a1b2c3"), "Ship it");
  EXPECT_EQ(normalize_item_text("See [[Lambda#Capacity|capacity]] table"),
            "See [[Lambda#Capacity|capacity]] table");
}

}  // namespace
}  // namespace dossier
