#include "vault/frontmatter_yaml.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace dossier {
namespace {

using Strings = std::vector<std::string>;

TEST(FrontmatterData, CopiesScalarsListsAndUnquotedLinks) {
  FrontmatterData data = frontmatter_data(
      YAML::Load("title: 'Quoted'\ncount: 3\ncompany: [[Acme]]\ntags: [a, [[B]], {k: v}, ~, c]\n"
                 "empty:\nmap: {k: v}\nnested: [[a, b]]\n"));
  ASSERT_TRUE(data.is_map);
  ASSERT_EQ(data.entries.size(), 7u);
  EXPECT_EQ(data.entries[0].first, "title");

  const FrontmatterValue* title = data.find("title");
  ASSERT_TRUE(title);
  EXPECT_EQ(title->scalar, "Quoted");
  EXPECT_EQ(title->text, "Quoted");
  EXPECT_EQ(title->list, Strings{"Quoted"});

  const FrontmatterValue* company = data.find("company");
  ASSERT_TRUE(company);
  EXPECT_FALSE(company->scalar);  // YAML reads a list holding a list
  EXPECT_EQ(company->text, "[[Acme]]");
  EXPECT_EQ(company->list, Strings{"[[Acme]]"});

  EXPECT_EQ(data.find("tags")->list, (Strings{"a", "[[B]]", "c"}));
  EXPECT_FALSE(data.find("tags")->text);
  EXPECT_EQ(data.find("count")->text, "3");
  for (const char* nothing : {"empty", "map", "nested"}) {
    const FrontmatterValue* value = data.find(nothing);
    ASSERT_TRUE(value) << nothing;  // present, with nothing to read
    EXPECT_FALSE(value->scalar) << nothing;
    EXPECT_FALSE(value->text) << nothing;
    EXPECT_TRUE(value->list.empty()) << nothing;
  }
  EXPECT_FALSE(data.find("absent"));
}

TEST(FrontmatterData, FirstOfDuplicateKeysWinsAndComplexKeysAreLeftOut) {
  FrontmatterData data = frontmatter_data(YAML::Load("k: first\n? [a, b]\n: x\nk: second\nn: 1\n"));
  ASSERT_EQ(data.entries.size(), 2u);
  EXPECT_EQ(data.find("k")->text, "first");
  EXPECT_EQ(data.entries[1].first, "n");
}

TEST(FrontmatterData, EmptyDocumentIsNoMap) {
  FrontmatterData data = frontmatter_data(YAML::Load(""));
  EXPECT_FALSE(data.is_map);
  EXPECT_TRUE(data.entries.empty());
  EXPECT_FALSE(data.find("k"));
}

// Aliases repeated in a list are read once per mention, never expanded
// further: a small text cannot make the view large.
TEST(FrontmatterData, AliasesStayLinear) {
  std::string yaml =
      "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
      "c: [*b, *b, *b, *b, *b, *b, *b, *b]\nd: *a\n";
  FrontmatterData data = frontmatter_data(YAML::Load(yaml));
  EXPECT_EQ(data.find("a")->list.size(), 8u);
  EXPECT_TRUE(data.find("b")->list.empty());
  EXPECT_TRUE(data.find("c")->list.empty());
  EXPECT_EQ(data.find("d")->list.size(), 8u);
}

}  // namespace
}  // namespace dossier
