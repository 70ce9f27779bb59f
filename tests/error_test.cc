#include "util/error.h"

#include <gtest/gtest.h>

#include <string>

namespace dossier {
namespace {

TEST(Failure, IsPathLineMessage) {
  Failure f("Customers/Acme.md", 4, "frontmatter is not valid YAML");
  EXPECT_EQ(f.text(), "Customers/Acme.md:4: frontmatter is not valid YAML");
  EXPECT_EQ(f.at("/vault/Customers/Acme.md").text(),
            "/vault/Customers/Acme.md:4: frontmatter is not valid YAML");
}

// Line 1 stands for the whole file; there is no line 0 or below to jump to.
TEST(Failure, LineIsNeverBelowOne) {
  EXPECT_EQ(Failure("nope.yaml", 0, "cannot read").text(), "nope.yaml:1: cannot read");
  EXPECT_EQ(Failure("nope.yaml", -1, "cannot read").line, 1);
  EXPECT_EQ(std::string(ConfigError("nope.yaml", 0, "bad").what()), "nope.yaml:1: bad");
  EXPECT_EQ(InputError("a.md", 0, "bad").line(), 1);
}

TEST(Failure, ThrownAndCaughtKeepsItself) {
  try {
    throw InputError(Failure("a.md", 3, "bad"));
  } catch (const InputError& e) {
    EXPECT_EQ(e.failure(), Failure("a.md", 3, "bad"));
    EXPECT_EQ(std::string(e.what()), "a.md:3: bad");
  }
}

TEST(Result, HoldsAValueOrAFailure) {
  Result<std::string> ok = std::string("bytes");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, "bytes");
  EXPECT_EQ(ok, std::string("bytes"));
  EXPECT_EQ(ok.value_or("other"), "bytes");

  Result<std::string> failed = Failure("a.md", 1, "no such file");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.failure().text(), "a.md:1: no such file");
  EXPECT_FALSE(failed == std::string());
  EXPECT_EQ(failed.value_or("other"), "other");
}

}  // namespace
}  // namespace dossier
