// cli/commands.h: what the commands share.
#include "cli/commands.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/test_util.h"

namespace dossier {
namespace {

TEST(Commands, TheVaultMustBeAFolder) {
  dossier::testing::TempDir tmp;
  CommandLine cl;
  cl.vault = tmp.path().string();
  EXPECT_EQ(vault_folder(cl), tmp.path());
  cl.vault = (tmp.path() / "note.md").string();
  dossier::testing::write_text(cl.vault, "text\n");
  try {
    vault_folder(cl);
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), "the vault is not a folder: " + cl.vault);
  }
  cl.vault = (tmp.path() / "missing").string();
  EXPECT_THROW(vault_folder(cl), UsageError);
}

}  // namespace
}  // namespace dossier
