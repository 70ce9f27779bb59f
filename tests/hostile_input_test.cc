// Hostile input through the real binary: broken encodings, huge files,
// pathological Markdown, symlinks out of the vault and customer names built
// to escape the customers folder. Each must give a clear error or a safe
// result: never a crash, never a write outside the vault (a sentinel folder
// next to the vault is compared before and after every run).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

std::string meeting_about(const std::string& customer_yaml, const std::string& body = "") {
  return "---\ndate: 2025-12-20\ntitle: Hostile sync\ncustomer: " + customer_yaml +
         "\n---\n\n# Hostile sync\n\n## Key Decisions\n- The customer will buy the premium tier.\n" + body;
}

class HostileInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    fs::copy(source_dir() / "fixtures/vaults/basic", vault_, fs::copy_options::recursive);
    write_text(tmp_.path() / "sentinel/target.md",
               "---\ntype: customer\n---\n# Outside\n\n## Key Decisions\n");
    write_text(tmp_.path() / "sentinel/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
    outside_before_ = outside();
  }
  // Every file of the temp folder that is not in the vault.
  std::map<std::string, std::string> outside() {
    std::map<std::string, std::string> files = snapshot(tmp_.path());
    std::erase_if(files, [](const auto& kv) { return kv.first.starts_with("vault/"); });
    return files;
  }
  void add_meeting(const std::string& name, const std::string& bytes) {
    write_text(vault_ / "Meetings" / name, bytes);
  }

  // Runs `dossier run --json`, checks it ended (a hang guard), did not crash
  // or write outside the vault, and returns the report.
  nlohmann::json run() {
    last_ = run_dossier_guarded(kHangGuardSeconds, {"run", "--vault", vault_.string(), "--json"},
                                {"DOSSIER_TODAY=2025-12-31"});
    EXPECT_FALSE(last_.hung) << "still running after " << kHangGuardSeconds << " s";
    EXPECT_TRUE(last_.exit_code == 0 || last_.exit_code == 1) << "exit " << last_.exit_code << "\n"
                                                              << last_.err;
    EXPECT_EQ(outside(), outside_before_) << "a file outside the vault changed";
    nlohmann::json report = nlohmann::json::parse(last_.out, nullptr, false);
    EXPECT_FALSE(report.is_discarded()) << last_.out << last_.err;
    EXPECT_EQ(last_.out.find('\0'), std::string::npos);
    return report;
  }
  // The error the report gives for `path` (vault-relative), or "".
  static std::string error_for(const nlohmann::json& report, const std::string& path) {
    for (const auto& f : report.value("meetings_failed", nlohmann::json::array()))
      if (f.value("path", "") == path) return f.value("error", "");
    return "";
  }
  // The meeting failed with a path:line: message, and the others still ran.
  void expect_clear_error(const nlohmann::json& report, const std::string& rel) {
    std::string error = error_for(report, rel);
    EXPECT_TRUE(error.starts_with(rel + ":")) << "no path:line error for " << rel << ": " << report.dump(2);
    EXPECT_EQ(last_.exit_code, 1);
    EXPECT_GT(report.value("items_added", 0), 0) << "the rest of the batch must go on";
  }
  // No file below Customers/ outside the folder itself, and no name that is
  // a device, hidden, or carries a control character.
  void expect_sane_customer_files() {
    for (const auto& entry : fs::recursive_directory_iterator(vault_ / "Customers")) {
      std::string name = entry.path().filename().string();
      EXPECT_EQ(entry.path().parent_path(), vault_ / "Customers") << entry.path();
      EXPECT_FALSE(name.starts_with(".")) << name;
      for (unsigned char c : name) EXPECT_GE(c, 0x20) << name;
      EXPECT_NE(name, "CON.md");
    }
  }

  TempDir tmp_;
  fs::path vault_;
  std::map<std::string, std::string> outside_before_;
  Output last_;
};

TEST_F(HostileInputTest, InvalidUtf8IsAPathLineError) {
  add_meeting("bad utf8.md", meeting_about("\"[[Lambda]]\"", "- caf\xC3\x28 and \xFF\xFE here\n"));
  expect_clear_error(run(), "Meetings/bad utf8.md");
}

TEST_F(HostileInputTest, NulBytesAreAPathLineError) {
  add_meeting("nul.md", meeting_about("\"[[Lambda]]\"", std::string("- a\0b\n", 6)));
  expect_clear_error(run(), "Meetings/nul.md");
}

// Refused by its size, before any byte of it is read.
TEST_F(HostileInputTest, AHundredMegabyteMeetingIsRefusedUnread) {
  fs::path big = vault_ / "Meetings/huge.md";
  write_text(big, meeting_about("\"[[Lambda]]\""));
  ASSERT_EQ(::truncate(big.c_str(), 100 << 20), 0);  // sparse: fast to make
  nlohmann::json report = run();
  expect_clear_error(report, "Meetings/huge.md");
  EXPECT_NE(error_for(report, "Meetings/huge.md").find("larger than max_file_bytes"), std::string::npos)
      << report.dump(2);
}

TEST_F(HostileInputTest, AHundredThousandLineFrontmatter) {
  std::string fm = "---\ndate: 2025-12-20\ncustomer: \"[[Lambda]]\"\n";
  for (int i = 0; i < 100000; ++i) fm += "key" + std::to_string(i) + ": value " + std::to_string(i) + "\n";
  add_meeting("big frontmatter.md",
              fm + "---\n# Sync\n## Key Decisions\n- Lambda will take the big frontmatter tier.\n");
  nlohmann::json report = run();
  EXPECT_EQ(error_for(report, "Meetings/big frontmatter.md"), "");  // big but valid: processed
  EXPECT_NE(read_text(vault_ / "Customers/Lambda.md").find("big frontmatter tier"), std::string::npos);
}

TEST_F(HostileInputTest, UnterminatedFrontmatterIsAnError) {
  add_meeting("open fm.md", "---\ndate: 2025-12-20\ncustomer: Lambda\n# Sync\n- Lambda will do it.\n");
  expect_clear_error(run(), "Meetings/open fm.md");
}

TEST_F(HostileInputTest, UnterminatedCodeFencesInMeetingAndNote) {
  add_meeting("fence.md",
              meeting_about("\"[[Lambda]]\"", "```\n## Key Decisions\n- Lambda will never see this.\n"));
  fs::path note = vault_ / "Customers/Lambda.md";
  const std::string open_fence = "\n```text\n## Key Decisions\nan open fence the user forgot to close\n";
  write_text(note, read_text(note) + open_fence);
  run();
  std::string after = read_text(note);
  EXPECT_TRUE(after.ends_with(open_fence)) << "the user's open code block was altered";
  EXPECT_EQ(after.find("Lambda will never see this"), std::string::npos)
      << "an item from inside a code block";
  size_t fence = after.find("```text\n## Key Decisions\n");
  ASSERT_NE(fence, std::string::npos);
  EXPECT_EQ(after.find("premium tier", fence), std::string::npos)
      << "dossier wrote inside the user's code block";
}

TEST_F(HostileInputTest, TenThousandLevelsOfNestedList) {
  std::string body;
  for (int i = 0; i < 10000; ++i)
    body += std::string(static_cast<size_t>(i) * 2, ' ') + "- Lambda level " + std::to_string(i) + "\n";
  add_meeting("nested.md", meeting_about("\"[[Lambda]]\"", body));
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += std::string(i, '>') + " quote\n";
  add_meeting("quotes.md", meeting_about("\"[[Lambda]]\"", deep));
  run();
}

TEST_F(HostileInputTest, SymlinkedCustomerNoteIsNeverWrittenThrough) {
  fs::path link = vault_ / "Customers/Evil Corp.md";
  fs::create_symlink(tmp_.path() / "sentinel/target.md", link);
  add_meeting("evil.md", meeting_about("\"[[Evil Corp]]\"", "- Evil Corp will get everything.\n"));
  run();  // the sentinel check in run() is the assertion that matters
  EXPECT_TRUE(fs::is_symlink(link));
}

TEST_F(HostileInputTest, SymlinkedCustomersFolderIsNeverWrittenThrough) {
  fs::path customers = vault_ / "Customers";
  fs::rename(customers, vault_ / "RealCustomers");
  fs::create_symlink(tmp_.path() / "sentinel", customers);
  add_meeting("evil dir.md", meeting_about("\"[[Target]]\"", "- Target will be overwritten.\n"));
  run();
}

TEST_F(HostileInputTest, SymlinkedMeetingOutsideTheVault) {
  fs::create_symlink(tmp_.path() / "sentinel/etc/passwd", vault_ / "Meetings/passwd.md");
  run();
}

TEST_F(HostileInputTest, CustomerNamesThatTryToEscape) {
  const std::vector<std::string> names = {"\"../../etc/passwd\"",
                                          "\"../../sentinel/target\"",
                                          "\"/etc/passwd\"",
                                          "CON",
                                          "\"con\"",
                                          "\"NUL.txt\"",
                                          "\"COM1\"",
                                          "\"Evil\\nName\"",
                                          "\"Evil\\rName\"",
                                          "\"Acme/Evil\"",
                                          "\"Acme\\\\Evil\"",
                                          "\"..\"",
                                          "\".\"",
                                          "\".hidden\"",
                                          "\"\\tTab\"",
                                          "\"" + std::string(300, 'x') + "\"",
                                          "\"Ev\\x01il\"",
                                          "\"[[../../sentinel/target]]\""};
  for (size_t i = 0; i < names.size(); ++i)
    add_meeting("escape " + std::to_string(i) + ".md", meeting_about(names[i]));
  nlohmann::json report = run();
  expect_sane_customer_files();
  EXPECT_FALSE(fs::exists(vault_ / "etc")) << "wrote outside the customers folder";
  for (const auto& f : report["meetings_failed"]) {
    std::string error = f.value("error", "");
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(error.find('\n'), std::string::npos) << "an error message split by a hostile name: " << error;
  }
}

TEST_F(HostileInputTest, CustomerNoteWithInvalidUtf8IsLeftAlone) {
  fs::path note = vault_ / "Customers/Lambda.md";
  std::string bytes = read_text(note) + "\xC0\xAF broken\n";
  write_text(note, bytes);
  add_meeting("lambda again.md", meeting_about("\"[[Lambda]]\""));
  nlohmann::json report = run();
  EXPECT_EQ(read_text(note), bytes);
  EXPECT_EQ(last_.exit_code, 1);
}

TEST_F(HostileInputTest, ADirectoryWhereANoteShouldBe) {
  fs::create_directories(vault_ / "Customers/Folder Corp.md");
  fs::create_directories(vault_ / "Meetings/folder meeting.md");
  add_meeting("folder.md", meeting_about("\"[[Folder Corp]]\""));
  run();
  EXPECT_TRUE(fs::is_directory(vault_ / "Customers/Folder Corp.md"));
}

}  // namespace
