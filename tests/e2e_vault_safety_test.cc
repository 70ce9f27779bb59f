// End-to-end: what a new user runs into around the vault itself: which files
// are meetings, which folder is the vault, what a dry run may touch, and what
// the run report says when something fails.
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>
#include <set>

#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

class VaultSafety : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    fs::copy(source_dir() / "fixtures/vaults/basic", vault_, fs::copy_options::recursive);
  }
  Output dossier(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.end(), {"--vault", vault_.string()});
    env.push_back(kFixtureToday);
    return run_dossier(args, env);
  }
  nlohmann::json run_json(std::vector<std::string> args = {}, int exit_code = 0) {
    args.insert(args.begin(), {"run", "--json"});
    Output o = dossier(args);
    EXPECT_EQ(o.exit_code, exit_code) << o.err;
    return nlohmann::json::parse(o.out);
  }
  void set_meetings_glob(const std::string& glob) {
    std::string config = read_text(vault_ / "dossier.yaml");
    size_t begin = config.find("meetings:");
    size_t end = config.find("\n\n", begin);
    config.replace(begin, end - begin, "meetings: [\"" + glob + "\"]");
    write_text(vault_ / "dossier.yaml", config);
  }

  TempDir tmp_;
  fs::path vault_;
};

TEST_F(VaultSafety, CustomerAndPeopleNotesAreNeverMeetingsWhateverTheGlobs) {
  set_meetings_glob("**/*");
  nlohmann::json first = run_json();
  for (const auto& f : first["meetings_failed"]) ADD_FAILURE() << f.dump();
  auto after = snapshot(vault_);
  nlohmann::json second = run_json();
  EXPECT_EQ(second["meetings_processed"], 0) << second.dump(2);
  EXPECT_EQ(snapshot(vault_), after) << "a second run changed the notes: dossier read its own output";
  std::string lambda = read_text(vault_ / "Customers/Lambda.md");
  EXPECT_EQ(lambda.find("[[Lambda]])"), std::string::npos) << "a customer note was read as a meeting:\n"
                                                           << lambda;
  EXPECT_EQ(lambda.find("[[Marcus Bell]])"), std::string::npos) << "a people note was read as a meeting:\n"
                                                                << lambda;

  Output o = dossier({"note", "Customers/Lambda.md"});
  EXPECT_EQ(o.exit_code, 2) << o.err;
  EXPECT_NE(o.err.find("not a meeting note"), std::string::npos) << o.err;
}

// Without --vault or $DOSSIER_VAULT: the environment of the test run must
// not name a vault either.
const std::vector<std::string> kNoVault{"DOSSIER_VAULT=", kFixtureToday};

TEST_F(VaultSafety, ACommandInsideTheVaultFindsItByWalkingUp) {
  auto before = snapshot(vault_);
  Output o =
      run_dossier({"note", "2025-12-19 Lambda capacity sync.md", "--json"}, kNoVault, vault_ / "Meetings");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_FALSE(fs::exists(vault_ / "Meetings/.dossier")) << "a second vault was started in Meetings/";
  EXPECT_FALSE(fs::exists(vault_ / "Meetings/Customers"));
  EXPECT_TRUE(fs::exists(vault_ / ".dossier"));
  EXPECT_NE(read_text(vault_ / "Customers/Lambda.md"), before["Customers/Lambda.md"]);
}

TEST_F(VaultSafety, AFolderThatIsNoVaultIsAUsageErrorThatSaysHowToInit) {
  fs::path elsewhere = tmp_.path() / "elsewhere";
  fs::create_directories(elsewhere);
  for (const std::vector<std::string>& args : {std::vector<std::string>{"run"}, {"check"}, {"undo"}}) {
    Output o = run_dossier(args, kNoVault, elsewhere);
    EXPECT_EQ(o.exit_code, 2) << args[0] << ": " << o.err;
    EXPECT_NE(o.err.find("dossier init"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("--vault"), std::string::npos) << o.err;
  }
  EXPECT_TRUE(fs::is_empty(elsewhere)) << "nothing may be created outside a vault";
  // init works on the current folder, and makes it a vault.
  Output o = run_dossier({"init", "-q"}, kNoVault, elsewhere);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(run_dossier({"run", "-q"}, kNoVault, elsewhere).exit_code, 0);
}

TEST_F(VaultSafety, HelpSaysWhereARelativeConfigIsResolved) {
  Output o = run_dossier({"run", "--help"});
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_NE(o.out.find("resolved against the current folder"), std::string::npos) << o.out;
}

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Every file below `dir` with its bytes, hidden ones included.
std::map<std::string, std::string> every_file(const fs::path& dir) {
  std::map<std::string, std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[fs::relative(e.path(), dir).generic_string()] = read_text(e.path());
  return files;
}

TEST_F(VaultSafety, ABrokenCustomerNoteFailsEachMeetingOnceUnderItsOwnPath) {
  std::string lambda = read_text(vault_ / "Customers/Lambda.md");
  std::string broken = "---\naliases: [unclosed\n---\n" + lambda;
  write_text(vault_ / "Customers/Lambda.md", broken);
  nlohmann::json r = run_json({}, 1);
  int failed = static_cast<int>(r["meetings_failed"].size());
  EXPECT_GT(failed, 0) << r.dump(2);
  EXPECT_EQ(r["meetings_seen"].get<int>(),
            r["meetings_processed"].get<int>() + r["meetings_skipped"].get<int>() + failed)
      << r.dump(2);
  std::set<std::string> paths;
  for (const auto& f : r["meetings_failed"]) {
    std::string path = f["path"];
    EXPECT_FALSE(path.starts_with("Customers/")) << "a meeting, not the note: " << f.dump();
    EXPECT_TRUE(paths.insert(path).second) << "listed twice: " << path;
    EXPECT_EQ(f["kind"], "note") << f.dump();
    EXPECT_EQ(f["note"], "Customers/Lambda.md") << f.dump();
    EXPECT_TRUE(f["error"].get<std::string>().starts_with(path + ":1: ")) << f.dump();
    EXPECT_EQ(f["line"], 1) << f.dump();
    EXPECT_EQ(f["error"].get<std::string>().find("Customers/Lambda.md:"), std::string::npos)
        << "the note's own error is reported once, under notes_failed: " << f.dump();
  }
  EXPECT_TRUE(paths.count("Meetings/2025/09/2025-09-04 Lambda kickoff.md")) << r.dump(2);
  ASSERT_EQ(r["notes_failed"].size(), 1u) << r.dump(2);
  EXPECT_EQ(r["notes_failed"][0]["path"], "Customers/Lambda.md");
  EXPECT_EQ(r["notes_failed"][0]["kind"], "index");
  EXPECT_EQ(r["notes_failed"][0]["line"], 2);
  EXPECT_TRUE(r["notes_failed"][0]["error"].get<std::string>().starts_with("Customers/Lambda.md:2: "))
      << r.dump(2);
  EXPECT_EQ(read_text(vault_ / "Customers/Lambda.md"), broken);
  for (const auto& [rel, bytes] : snapshot(vault_))
    EXPECT_FALSE(rel.starts_with("Customers/Lambda") && rel != "Customers/Lambda.md")
        << "a second note: " << rel;

  // The blocked meetings are retried, and go through once the note is fixed.
  Output o = dossier({"run"});
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.out.find(std::to_string(failed) + " failed"), std::string::npos) << o.out;
  EXPECT_EQ(occurrences(o.err, "Customers/Lambda.md:2: "), 1u) << o.err;
  write_text(vault_ / "Customers/Lambda.md", lambda);
  nlohmann::json fixed = run_json();
  EXPECT_EQ(fixed["meetings_processed"].get<int>(), failed) << fixed.dump(2);
  EXPECT_NE(read_text(vault_ / "Customers/Lambda.md"), lambda);
}

// A folder where a customer note should be: the note is reported once, as a
// folder (not as a note that kept changing or a FIFO), and each meeting it
// blocks once, under its own path, naming it.
TEST_F(VaultSafety, AFolderInPlaceOfACustomerNoteIsReportedOnceAsAFolder) {
  fs::remove(vault_ / "Customers/Lambda.md");
  fs::create_directories(vault_ / "Customers/Lambda.md");
  Output o = dossier({"run", "--json"});
  EXPECT_EQ(o.exit_code, 1) << o.err;
  nlohmann::json r = nlohmann::json::parse(o.out);
  ASSERT_EQ(r["notes_failed"].size(), 1u) << r.dump(2);
  EXPECT_EQ(r["notes_failed"][0]["path"], "Customers/Lambda.md");
  EXPECT_EQ(r["notes_failed"][0]["kind"], "write");
  EXPECT_EQ(r["notes_failed"][0]["error"], "Customers/Lambda.md:1: is a directory") << r.dump(2);
  std::set<std::string> paths;
  for (const auto& f : r["meetings_failed"]) {
    std::string path = f["path"];
    EXPECT_TRUE(path.starts_with("Meetings/")) << "a meeting, not a note: " << f.dump();
    EXPECT_TRUE(paths.insert(path).second) << "listed twice: " << path;
    EXPECT_EQ(f["kind"], "note") << f.dump();
    EXPECT_EQ(f["note"], "Customers/Lambda.md") << f.dump();
    EXPECT_TRUE(f["error"].get<std::string>().starts_with(path + ":1: not processed: ")) << f.dump();
    EXPECT_EQ(f["error"].get<std::string>().find("is a directory"), std::string::npos) << f.dump();
  }
  EXPECT_TRUE(paths.count("Meetings/2025/09/2025-09-04 Lambda kickoff.md")) << r.dump(2);
  EXPECT_EQ(r["meetings_seen"].get<int>(), r["meetings_processed"].get<int>() +
                                               r["meetings_skipped"].get<int>() +
                                               static_cast<int>(r["meetings_failed"].size()));
  EXPECT_EQ(occurrences(o.err, "Customers/Lambda.md:1: is a directory"), 1u) << o.err;
  EXPECT_EQ(o.err.find("kept changing"), std::string::npos) << o.err;
}

// undo says why it leaves a note that is a folder now.
TEST_F(VaultSafety, UndoSaysANoteIsNowAFolder) {
  run_json();
  fs::remove(vault_ / "Customers/Lambda.md");
  fs::create_directories(vault_ / "Customers/Lambda.md");
  Output o = dossier({"undo"});
  EXPECT_EQ(o.exit_code, 1) << o.err;
  EXPECT_NE(o.err.find("Customers/Lambda.md:1: is a directory; left as it is"), std::string::npos) << o.err;
}

TEST_F(VaultSafety, ADryRunWritesNothingAnywhere) {
  auto before = every_file(vault_);
  Output o = dossier({"run", "--dry-run"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_FALSE(fs::exists(vault_ / ".dossier")) << "a dry run created the state folder";
  EXPECT_EQ(every_file(vault_), before);

  run_json();
  write_text(
      vault_ / "Meetings/2025-12-30 Lambda follow-up.md",
      "---\ndate: 2025-12-30\ncustomer: Lambda\n---\n## Decisions\n- Move the pilot to the Dallas site\n");
  before = every_file(vault_);
  for (const char* mode : {"", "--full"}) {
    std::vector<std::string> args{"run", "--dry-run", "--json"};
    if (*mode) args.push_back(mode);
    o = dossier(args);
    ASSERT_EQ(o.exit_code, 0) << o.err;
    nlohmann::json r = nlohmann::json::parse(o.out);
    EXPECT_EQ(r["dry_run"], true);
    EXPECT_EQ(every_file(vault_), before) << "a dry run changed a file, the state store included";
  }
  EXPECT_EQ(nlohmann::json::parse(dossier({"run", "--dry-run", "--json"}).out)["meetings_processed"], 1)
      << "the dry run read the state store: only the new meeting is new";
}

TEST_F(VaultSafety, ADryRunWorksOnAReadOnlyVault) {
  run_json();
  write_text(
      vault_ / "Meetings/2025-12-30 Lambda follow-up.md",
      "---\ndate: 2025-12-30\ncustomer: Lambda\n---\n## Decisions\n- Move the pilot to the Dallas site\n");
  if (::geteuid() == 0) GTEST_SKIP() << "root writes through read-only permissions";
  auto before = every_file(vault_);
  for (const auto& e : fs::recursive_directory_iterator(vault_))
    fs::permissions(e.path(), fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
  fs::permissions(vault_, fs::perms::owner_write, fs::perm_options::remove);
  Output o = dossier({"run", "--dry-run"});
  for (const auto& e : fs::recursive_directory_iterator(vault_))
    fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
  fs::permissions(vault_, fs::perms::owner_write, fs::perm_options::add);
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("Dallas"), std::string::npos) << o.out;
  EXPECT_EQ(every_file(vault_), before);
}

TEST_F(VaultSafety, CheckReportsWhatARunWouldSilentlySkip) {
  EXPECT_EQ(dossier({"check"}).exit_code, 0);
  write_text(vault_ / "Meetings/undated notes.md", "## Decisions\n- Keep the pilot small.\n");
  write_text(vault_ / "Transcripts/2025-12-02 call.srt", "1\n00:00:01,000 --> 00:00:02,000\nhello\n");
  Output o = dossier({"check"});
  EXPECT_EQ(o.exit_code, 1);
  // An undated meeting is still read (its context line sorts last): listed, not a problem.
  EXPECT_NE(o.err.find("Meetings/undated notes.md:1: no meeting date"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("Transcripts/2025-12-02 call.srt:1: a transcript that no 'meetings' glob matches"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.out.find(" (1 undated); 1 problem\n"), std::string::npos) << "not '1 problems': " << o.out;
  fs::remove(vault_ / "Transcripts/2025-12-02 call.srt");
  EXPECT_NE(dossier({"check"}).out.find("; 0 problems\n"), std::string::npos);

  // An empty folder named with --vault is no vault.
  fs::path empty = tmp_.path() / "empty";
  fs::create_directories(empty);
  o = run_dossier({"check", "--vault", empty.string()});
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("no dossier.yaml"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("no meeting notes match"), std::string::npos) << o.err;
}

TEST_F(VaultSafety, ABrokenRuleFileStopsEveryRunAndCheckNamesAllItsErrors) {
  run_json();
  write_text(vault_ / "rules/mine.yaml",
             "cues:\n  - {kind: decision, pattern: '(unclosed'}\n  - {kind: verdict, pattern: 'x'}\n");
  std::string config = read_text(vault_ / "dossier.yaml") + "rules: [rules/mine.yaml]\n";
  write_text(vault_ / "dossier.yaml", config);
  Output o = dossier({"run"});
  EXPECT_EQ(o.exit_code, 2) << "no new meeting, but the rules are checked anyway: " << o.err;
  EXPECT_NE(o.err.find("rules/mine.yaml:2: bad pattern"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("rules/mine.yaml:3: unknown kind 'verdict'"), std::string::npos) << o.err;
  o = dossier({"check"});
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("rules/mine.yaml:2: bad pattern"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("rules/mine.yaml:3: unknown kind 'verdict'"), std::string::npos) << o.err;
}

// The rules compile on another thread while the run reads the vault. A
// broken rule file still stops a run that has a new meeting before it writes
// anything: the meeting waits, unrecorded, for a run with good rules.
TEST_F(VaultSafety, ABrokenRuleFileStopsARunWithANewMeetingBeforeItWritesAnything) {
  run_json();
  std::string config = read_text(vault_ / "dossier.yaml");
  write_text(vault_ / "rules/mine.yaml", "cues:\n  - {kind: decision, pattern: '(unclosed'}\n");
  write_text(vault_ / "dossier.yaml", config + "rules: [rules/mine.yaml]\n");
  std::string lambda = read_text(vault_ / "Meetings/2025-12-19 Lambda capacity sync.md");
  write_text(vault_ / "Meetings/2025-12-20 Lambda follow-up.md", lambda);
  // Notes saved seconds ago: the run would remember what it read of them.
  for (const auto& entry : fs::recursive_directory_iterator(vault_))
    if (entry.is_regular_file() && entry.path().extension() == ".md")
      fs::last_write_time(entry.path(), fs::last_write_time(entry.path()) - std::chrono::seconds(10));
  auto before = snapshot(vault_);
  std::string state_before = state_rows(vault_);
  Output o = dossier({"run", "--now"});
  EXPECT_EQ(o.exit_code, 2) << o.err;
  EXPECT_NE(o.err.find("rules/mine.yaml:2: bad pattern"), std::string::npos) << o.err;
  EXPECT_EQ(snapshot(vault_), before);
  EXPECT_EQ(state_rows(vault_), state_before);
  write_text(vault_ / "dossier.yaml", config);
  nlohmann::json r = run_json({"--now"});
  EXPECT_EQ(r["meetings_processed"], 1) << r.dump(2);
}

TEST_F(VaultSafety, AChangedSectionsMapSaysThatFullIsNeeded) {
  run_json();
  EXPECT_TRUE(run_json()["warnings"].empty());
  write_text(vault_ / "dossier.yaml",
             read_text(vault_ / "dossier.yaml") + "sections: {next_step: Action Items}\n");
  nlohmann::json r = run_json();
  ASSERT_EQ(r["warnings"].size(), 1u) << r.dump(2);
  EXPECT_NE(r["warnings"][0].get<std::string>().find("dossier run --full"), std::string::npos);
  EXPECT_EQ(run_json()["warnings"].size(), 1u) << "said again until --full ran";
  run_json({"--full"});
  EXPECT_TRUE(run_json()["warnings"].empty());
}

TEST_F(VaultSafety, TheLockMessageNamesTheVault) {
  fs::create_directories(vault_ / ".dossier");
  Output o;
  {
    // Held through the binary's own lock: a second process cannot take it.
    std::string lock = (vault_ / ".dossier/lock").string();
    FILE* f = std::fopen(lock.c_str(), "a");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(::flock(::fileno(f), LOCK_EX), 0);
    o = run_dossier({"run"}, {"DOSSIER_VAULT=", kFixtureToday}, vault_ / "Meetings");
    std::fclose(f);
  }
  EXPECT_EQ(o.exit_code, 75);
  EXPECT_NE(o.err.find(fs::canonical(vault_).string() + " is locked"), std::string::npos) << o.err;
}

TEST_F(VaultSafety, UndoShowsWhatAForcedUndoWouldLoseAndForceRestores) {
  auto before = snapshot(vault_);
  run_json();
  std::string edited = read_text(vault_ / "Customers/Lambda.md") + "my own line\n";
  write_text(vault_ / "Customers/Lambda.md", edited);
  Output o = dossier({"undo"});
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("dossier undo --force"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("-my own line"), std::string::npos) << "the diff shows the edit that would be lost:\n"
                                                           << o.err;
  EXPECT_EQ(read_text(vault_ / "Customers/Lambda.md"), edited);
  o = dossier({"undo", "--force"});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("-my own line"), std::string::npos) << o.err;
  EXPECT_EQ(snapshot(vault_), before);
}

}  // namespace
