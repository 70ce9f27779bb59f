// The README's git hooks, run exactly as written: every ```sh block of
// README.md that starts with "#!/bin/sh" and names `.git/hooks/NAME` is
// installed as that hook in a git repository holding a copy of the fixture
// vault, with `dossier` on PATH, and must process the meeting notes a commit
// adds, names with spaces and non-ASCII letters and transcripts included.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <regex>
#include <sstream>

#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

struct Hook {
  std::string name;  // post-commit, ...
  std::string script;
};

std::vector<Hook> readme_hooks() {
  std::istringstream readme(read_text(source_dir() / "README.md"));
  std::vector<Hook> hooks;
  std::string line, block;
  bool in_sh = false;
  while (std::getline(readme, line)) {
    if (!in_sh && line == "```sh") {
      in_sh = true;
      block.clear();
    } else if (in_sh && line == "```") {
      in_sh = false;
      std::smatch m;
      static const std::regex kHookName(R"(\.git/hooks/([a-z-]+))");
      if (block.starts_with("#!/bin/sh\n") && std::regex_search(block, m, kHookName))
        hooks.push_back({m[1], block});
    } else if (in_sh) {
      block += line + "\n";
    }
  }
  return hooks;
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class ReadmeHooks : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = tmp_.path() / "vault";
    fs::create_directories(tmp_.path() / "bin");
    fs::create_symlink(DOSSIER_BINARY, tmp_.path() / "bin/dossier");
    fs::create_directories(tmp_.path() / "home");
  }

  // Runs `command` in the repository with a clean git identity and
  // configuration, and the dossier under test first on PATH.
  Output shell(const std::string& command) {
    fs::path out = tmp_.path() / "out", err = tmp_.path() / "err";
    std::string env = "HOME=" + quoted((tmp_.path() / "home").string()) +
                      " GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com"
                      " GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com DOSSIER_TODAY=2025-12-31"
                      " PATH=" +
                      quoted((tmp_.path() / "bin").string()) + ":\"$PATH\"";
    std::string full = "cd " + quoted(repo_.string()) + " && export " + env + " && " + command + " >" +
                       quoted(out.string()) + " 2>" + quoted(err.string());
    int status = std::system(full.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(out), read_text(err)};
  }

  TempDir tmp_;
  fs::path repo_;
};

TEST_F(ReadmeHooks, ThePostCommitHookProcessesWhatACommitAdds) {
  std::vector<Hook> hooks = readme_hooks();
  ASSERT_FALSE(hooks.empty()) << "no ```sh block starting with #!/bin/sh naming .git/hooks/NAME in README.md";
  bool post_commit = false;
  for (const Hook& hook : hooks) {
    SCOPED_TRACE(hook.name);
    post_commit |= hook.name == "post-commit";
    fs::remove_all(repo_);
    fs::copy(source_dir() / "fixtures/vaults/basic", repo_, fs::copy_options::recursive);
    ASSERT_EQ(shell("git init -q .").exit_code, 0);
    fs::path path = repo_ / ".git/hooks" / hook.name;
    write_text(path, hook.script);
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add);

    // The first commit holds the whole vault: the hook processes its meetings.
    Output first = shell("printf '.dossier/\\n' > .gitignore && git add -A && git commit -q -m 'vault'");
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_EQ(first.err, "") << "the hook complained";
    std::string lambda = read_text(repo_ / "Customers/Lambda.md");
    EXPECT_NE(lambda.find("[[2025-12-19 Lambda capacity sync]]"), std::string::npos) << lambda;

    // Names with spaces and umlauts, a typed note and two transcripts (.vtt, .srt).
    for (const auto& entry : fs::directory_iterator(source_dir() / "fixtures/hooks"))
      fs::copy_file(entry.path(), repo_ / "Meetings" / entry.path().filename());
    Output second = shell("git add -A && git commit -q -m 'Müller'");
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_EQ(second.err, "") << "the hook complained";
    std::string mueller = read_text(repo_ / "Customers/Müller Logistik.md");
    EXPECT_NE(mueller.find("([[2025-12-20 Müller Vertrag]])"), std::string::npos) << mueller;
    EXPECT_NE(mueller.find("([[2025-12-22 Müller Rotterdam call]])"), std::string::npos) << mueller;
    EXPECT_NE(mueller.find("([[2025-12-23 Müller Zugang]])"), std::string::npos) << mueller;
    EXPECT_NE(mueller.find("Rotterdam site still has no rack space booked"), std::string::npos) << mueller;

    // A commit that touches no meeting note runs nothing.
    auto before = snapshot(repo_);
    write_text(repo_ / "scratch.md", "nothing to see\n");
    Output third = shell("git add -A && git commit -q -m 'scratch'");
    ASSERT_EQ(third.exit_code, 0) << third.err;
    auto after = snapshot(repo_);
    after.erase("scratch.md");
    before.erase("scratch.md");
    for (auto& snap : {&before, &after})
      for (auto it = snap->begin(); it != snap->end();)
        it = it->first.starts_with(".git/") ? snap->erase(it) : ++it;
    EXPECT_EQ(after, before);
  }
  EXPECT_TRUE(post_commit) << "the README has no post-commit hook";
}

}  // namespace
