// Reading YAML data files: syntax errors and bad values name path:line.
#include "vault/yaml_file.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "util/error.h"

namespace dossier {
namespace {

// The ConfigError `fn` throws; fails the test if none.
template <typename Fn>
ConfigError error_of(Fn fn) {
  try {
    fn();
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "no ConfigError";
  return ConfigError("none", 1, "none");
}

TEST(YamlFile, ParsesADocument) {
  YAML::Node root = parse_yaml("a: [x, y]\nb: 2\n", "f.yaml");
  ASSERT_TRUE(root.IsMap());
  EXPECT_EQ(root["a"].size(), 2u);
  EXPECT_EQ(root["b"].Scalar(), "2");
  EXPECT_TRUE(parse_yaml("", "f.yaml").IsNull());
}

TEST(YamlFile, ASyntaxErrorNamesItsLineAfterThePrefix) {
  ConfigError e = error_of([] { parse_yaml("a: 1\nb: [\n", "rules/mine.yaml"); });
  EXPECT_EQ(e.path(), "rules/mine.yaml");
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.message().rfind("invalid YAML: ", 0), 0u) << e.what();

  // Each reader keeps the wording of its own messages.
  EXPECT_EQ(error_of([] { parse_yaml("b: [\n", "g.yaml", ""); }).message().rfind("invalid YAML", 0),
            std::string::npos);
  EXPECT_EQ(
      error_of([] { parse_yaml("b: [\n", "d.yaml", "YAML error: "); }).message().rfind("YAML error: ", 0),
      0u);
}

TEST(YamlFile, FailAtNamesTheNodesLine) {
  YAML::Node root = parse_yaml("a: 1\nb:\n  - x\n  - y\n", "f.yaml");
  ConfigError e = error_of([&] { fail_at("f.yaml", root["b"][1], "not a y"); });
  EXPECT_EQ(e.path(), "f.yaml");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.message(), "not a y");
}

TEST(YamlFile, AReaderReadsStringsAndListsOfStrings) {
  YAML::Node root = parse_yaml("a: x\nb: [y, z]\nc: {k: v}\nd: [y, [z]]\n", "f.yaml");
  YamlReader r("f.yaml");
  EXPECT_EQ(r.path(), "f.yaml");
  EXPECT_EQ(r.str(root["a"], "a"), "x");
  EXPECT_EQ(r.strings(root["a"], "a"), std::vector<std::string>{"x"});
  EXPECT_EQ(r.strings(root["b"], "b"), (std::vector<std::string>{"y", "z"}));
  ConfigError not_string = error_of([&] { r.str(root["b"], "b"); });
  EXPECT_EQ(std::string(not_string.what()), "f.yaml:2: 'b' must be a string");
  ConfigError not_list = error_of([&] { r.strings(root["c"], "c"); });
  EXPECT_EQ(std::string(not_list.what()), "f.yaml:3: 'c' must be a list of strings");
  ConfigError inner = error_of([&] { r.strings(root["d"], "d"); });
  EXPECT_EQ(std::string(inner.what()), "f.yaml:4: 'd' must be a string");
}

TEST(YamlFile, BuiltInFilesParseAndAreNamedUnderTemplates) {
  EXPECT_TRUE(builtin_yaml("rules/status.yaml").IsMap());
  ConfigError e = error_of([] { builtin_yaml("no/such.yaml"); });
  EXPECT_EQ(e.path(), "templates/no/such.yaml");
  EXPECT_EQ(e.line(), 1);
}

}  // namespace
}  // namespace dossier
