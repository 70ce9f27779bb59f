// End-to-end tests of the ways an adversarial review lost user text, wrote
// outside the vault or hung (../shared/repro/adversary): each runs the real
// binary on a small vault built the way the review's scripts build theirs.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

const char kAdversarialToday[] = "DOSSIER_TODAY=2026-01-10";

const char kAcme[] =
    "---\ntype: customer\nstatus: active\nlast_contact: '2025-12-01'\n---\n\n# Acme\n\n"
    "## My private notes\n\nSecret user text that must survive.\n\n"
    "## Key Decisions\n\n- Old decision written by the user.\n\n## Next Steps\n\n## Recent Context\n\n"
    "---\n*Last updated: 2025-12-01*\n";

std::string meeting(const std::string& name, const std::string& date, const std::string& customer,
                    const std::string& decision, const std::string& next_step) {
  return "---\ndate: " + date + "\ntitle: " + name + "\ncustomer: \"[[" + customer +
         "]]\"\nattendees:\n  - \"[[Bob]]\"\n---\n\n# " + name +
         "\n\n## Notes\n- The team reviewed the plan for " + customer + ".\n\n## Key Decisions\n- " +
         decision + "\n\n## Next Steps\n- " + next_step + "\n";
}

class AdversarialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    write_text(note(), kAcme);
    add_meeting("2026-01-05 Acme sync", "2026-01-05", "Acme",
                "Acme will move the archive to cold storage in March.",
                "Bob to send the revised quote by Friday.");
    fs::create_directories(vault_ / "People");
  }
  fs::path note(const std::string& name = "Acme") const { return vault_ / "Customers" / (name + ".md"); }
  void add_meeting(const std::string& name, const std::string& date, const std::string& customer,
                   const std::string& decision, const std::string& next_step) {
    write_text(vault_ / "Meetings" / (name + ".md"), meeting(name, date, customer, decision, next_step));
  }
  // Every run here has the hang guard: an input that makes a run wait
  // forever fails its test instead of stalling the suite.
  Output dossier(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--vault", vault_.string()});
    return run_dossier_guarded(kHangGuardSeconds, args, {kAdversarialToday});
  }
  Output run() { return dossier({"run"}); }
  // Runs SQL on the state store, as someone with the vault's files could.
  void sql(const std::string& statement) { run_state_sql(vault_, statement); }

  TempDir tmp_;
  fs::path vault_;
};

// A save in two write()s with a pause between them: dossier must not merge
// into the half-written note (nor into the empty one right after O_TRUNC).
TEST_F(AdversarialTest, NoteSavedInTwoWritesKeepsItsTail) {
  for (size_t split : {std::string(kAcme).size() / 2 + 7, size_t{0}}) {
    SCOPED_TRACE(split);
    std::string full = std::string(kAcme) + "\n## Tail written by the user\n\nEnd of my notes.\n";
    int fd = ::open(note().c_str(), O_WRONLY | O_TRUNC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, full.data(), split), static_cast<ssize_t>(split));
    std::thread writer([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(120));
      ASSERT_EQ(::write(fd, full.data() + split, full.size() - split),
                static_cast<ssize_t>(full.size() - split));
      ::close(fd);
    });
    Output out = run();
    writer.join();
    std::string now = read_text(note());
    EXPECT_NE(now.find("End of my notes."), std::string::npos) << now;
    EXPECT_NE(now.find("Secret user text that must survive."), std::string::npos) << now;
    EXPECT_EQ(count_of(now, "## My private notes"), 1u) << now;
    write_text(note(), kAcme);
    fs::remove_all(vault_ / ".dossier");
  }
}

// Killed (or disk full) after the notes were written but before the last
// commit: the recovery run continues that run's journal, and undo resets the
// meetings whose items it removes, so that the next run brings them back.
TEST_F(AdversarialTest, UndoAfterAnUnfinishedRunKeepsStateAndNotesConsistent) {
  ASSERT_EQ(run().exit_code, 0);
  add_meeting("2026-01-06 Acme call", "2026-01-06", "Acme", "Acme decided on option 2 for the archive.",
              "Bob to send quote 2.");
  ASSERT_EQ(run().exit_code, 0);
  // The state the review saw after a kill at the last commit: the note and
  // its journal are in, the meeting is not marked and the journal is open.
  sql("DELETE FROM meetings WHERE path LIKE '%Acme call%'; DELETE FROM meeting_stats;"
      "DELETE FROM journal_meetings WHERE path NOT LIKE '%Acme call%';"
      "INSERT OR REPLACE INTO meta(key, value) VALUES('journal_open', '1');");
  ASSERT_EQ(run().exit_code, 0);  // recovery: nothing left to write
  ASSERT_EQ(dossier({"undo"}).exit_code, 0);
  EXPECT_EQ(read_text(note()).find("option 2"), std::string::npos);
  ASSERT_EQ(run().exit_code, 0);
  EXPECT_EQ(count_of(read_text(note()), "- ✅ Acme decided on option 2"), 1u) << read_text(note());
}

// While a customer note does not parse, no meeting is marked done: once the
// typo is fixed, the items arrive.
TEST_F(AdversarialTest, MeetingsWaitForABrokenCustomerNote) {
  fs::remove_all(vault_ / "Meetings");
  write_text(vault_ / "Meetings" / "2026-01-06 weekly.md",
             "---\ndate: 2026-01-06\n---\n\n# Weekly pipeline call\n\n## Notes\n"
             "- Acme decided to move the archive to cold storage in March.\n- Acme wants a quote for 5 PB by "
             "Friday.\n");
  std::string broken = kAcme;
  broken.replace(broken.find("status: active"), 14, "status: active: oops");
  write_text(note(), broken);
  Output first = run();
  EXPECT_EQ(first.exit_code, 1);
  EXPECT_FALSE(fs::exists(vault_ / "Customers" / "Acme 2.md"));
  write_text(note(), kAcme);
  ASSERT_EQ(run().exit_code, 0);
  EXPECT_NE(read_text(note()).find("5 PB"), std::string::npos) << read_text(note());
}

// The memory of deleted lines follows a note that was moved.
TEST_F(AdversarialTest, DeletedLineStaysDeletedAfterTheNoteMoves) {
  ASSERT_EQ(run().exit_code, 0);
  std::string text = read_text(note());
  size_t line = text.find("- ✅ Acme will move the archive");
  ASSERT_NE(line, std::string::npos) << text;
  text.erase(line, text.find('\n', line) + 1 - line);
  fs::create_directories(vault_ / "Customers" / "Active");
  write_text(vault_ / "Customers" / "Active" / "Acme.md", text);
  fs::remove(note());
  // Every meeting again, the one that gave the deleted line included.
  add_meeting("2026-01-08 Acme follow-up", "2026-01-08", "Acme", "Acme signed the PO.",
              "Bob to book the install.");
  ASSERT_EQ(dossier({"run", "--full"}).exit_code, 0);
  std::string after = read_text(vault_ / "Customers" / "Active" / "Acme.md");
  EXPECT_EQ(after.find("- ✅ Acme will move the archive"), std::string::npos) << after;
  EXPECT_NE(after.find("book the install"), std::string::npos) << after;
}

// A sync client's conflict copy carries the same aliases; it is never
// written, and the run says what it is.
TEST_F(AdversarialTest, SyncConflictCopiesAreLeftAlone) {
  std::string with_alias = kAcme;
  with_alias.replace(with_alias.find("status: active"), 14, "status: active\naliases: [Acme Storage]");
  write_text(note(), with_alias);
  write_text(vault_ / "Customers" / "Acme (conflicted copy 2026-01-05).md", with_alias);
  write_text(vault_ / "Customers" / "Acme 2.md", with_alias);
  write_text(vault_ / "Customers" / "Acme.sync-conflict-20260105-101112-ABCDEFG.md", with_alias);
  fs::remove_all(vault_ / "Meetings");
  write_text(vault_ / "Meetings" / "2026-01-06 weekly.md",
             "---\ndate: 2026-01-06\n---\n\n# Weekly\n\n## Key Decisions\n- Acme Storage will renew the "
             "contract in March.\n");
  Output out = run();
  EXPECT_NE(out.err.find("conflict copy"), std::string::npos) << out.err;
  EXPECT_NE(read_text(note()).find("renew the contract"), std::string::npos);
  for (const char* copy :
       {"Acme (conflicted copy 2026-01-05).md", "Acme 2.md", "Acme.sync-conflict-20260105-101112-ABCDEFG.md"})
    EXPECT_EQ(read_text(vault_ / "Customers" / copy), with_alias) << copy;
  Output check = dossier({"check"});
  EXPECT_NE(check.out.find("conflict copy") + check.err.find("conflict copy"), 2 * std::string::npos)
      << check.out;
}

// A walk that runs out of file descriptors in a deep folder must not end
// silently: the note below it would be created again as a duplicate.
TEST_F(AdversarialTest, DeepFoldersDoNotHideCustomerNotes) {
  fs::create_directories(vault_ / "Customers" / "EU");
  fs::rename(note(), vault_ / "Customers" / "EU" / "Acme.md");
  fs::path deep = vault_ / "Customers" / "archive";
  for (int i = 0; i < 80; ++i) deep /= "a";
  fs::create_directories(deep);
  struct rlimit old {};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &old), 0);
  struct rlimit low = old;
  low.rlim_cur = 48;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  Output out = run();
  ::setrlimit(RLIMIT_NOFILE, &old);
  EXPECT_FALSE(fs::exists(note())) << out.out << out.err;
  EXPECT_NE(read_text(vault_ / "Customers" / "EU" / "Acme.md").find("cold storage"), std::string::npos)
      << out.err;
}

// Journal rows name paths: undo must not write or delete outside the vault.
TEST_F(AdversarialTest, UndoRefusesJournalPathsOutsideTheVault) {
  ASSERT_EQ(run().exit_code, 0);
  write_text(tmp_.path() / "victim.txt", "precious\n");
  sql("INSERT INTO journal(path, before, after_hash, memory_before) VALUES('../victim.txt', 'pwned', "
      "'" +
      std::string("a2c9b2d1b7e7c0a5") +
      "', '{\"emitted_keys\":[],\"own_lines\":[]}');"
      "INSERT INTO journal(path, before, after_hash, memory_before) VALUES('" +
      (tmp_.path() / "victim.txt").string() + "', NULL, 'x', '{\"emitted_keys\":[],\"own_lines\":[]}');");
  Output out = dossier({"undo"});
  EXPECT_EQ(read_text(tmp_.path() / "victim.txt"), "precious\n");
  EXPECT_NE(out.err.find("refusing"), std::string::npos) << out.err;
}

// .dossier as a symlink to another program's folder is refused.
TEST_F(AdversarialTest, SymlinkedStateFolderIsRefused) {
  fs::create_directories(tmp_.path() / "other_app");
  fs::create_directory_symlink(tmp_.path() / "other_app", vault_ / ".dossier");
  Output out = run();
  EXPECT_NE(out.exit_code, 0);
  EXPECT_TRUE(fs::is_empty(tmp_.path() / "other_app")) << out.err;
}

// A dossier.yaml in the vault may not read files from outside it, nor send
// a variable not named like an API key.
TEST_F(AdversarialTest, VaultConfigCannotReachOutside) {
  write_text(tmp_.path() / "id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n");
  write_text(vault_ / "dossier.yaml", "template: ../id_ed25519\n");
  add_meeting("2026-01-06 Zeta intro", "2026-01-06", "Zeta", "Zeta will trial the product.",
              "Bob to call Zeta.");
  Output out = run();
  EXPECT_EQ(out.exit_code, 2) << out.err;
  EXPECT_FALSE(fs::exists(note("Zeta")));
  write_text(vault_ / "dossier.yaml", "template: " + (tmp_.path() / "id_ed25519").string() + "\n");
  EXPECT_EQ(run().exit_code, 2);
  EXPECT_FALSE(fs::exists(note("Zeta")));
  write_text(vault_ / "dossier.yaml", "extractor: llm\nllm:\n  api_key_env: AWS_SECRET_ACCESS_KEY\n");
  out = run();
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.err.find("api_key_env"), std::string::npos) << out.err;
  // The user's own config outside the vault may name any file.
  write_text(tmp_.path() / "mine.yaml", "template: " + (tmp_.path() / "id_ed25519").string() + "\n");
  EXPECT_EQ(dossier({"run", "--config", (tmp_.path() / "mine.yaml").string()}).exit_code, 0);
}

// A vault config that sends meetings off this machine needs `dossier trust`.
TEST_F(AdversarialTest, RemoteEndpointNeedsTrust) {
  fs::path config_home = tmp_.path() / "config";
  ::setenv("XDG_CONFIG_HOME", config_home.c_str(), 1);
  write_text(vault_ / "dossier.yaml",
             "extractor: llm\nllm:\n  base_url: http://192.0.2.1:9/v1\n  max_retries: 0\n  timeout_s: 1\n");
  Output refused = run();
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("dossier trust"), std::string::npos) << refused.err;
  EXPECT_EQ(dossier({"trust"}).exit_code, 0);
  EXPECT_TRUE(fs::exists(config_home / "dossier" / "trusted"));
  Output trusted = run();
  EXPECT_EQ(trusted.err.find("dossier trust"), std::string::npos) << trusted.err;
  write_text(vault_ / "dossier.yaml", "extractor: llm\nllm:\n  base_url: http://198.51.100.1:9/v1\n");
  EXPECT_EQ(run().exit_code, 2);  // another endpoint: asked again
  ::unsetenv("XDG_CONFIG_HOME");
}

// A newline in a meeting's file name cannot inject lines into a note.
TEST_F(AdversarialTest, MeetingNamesCannotInjectMarkdown) {
  write_text(
      vault_ / "Meetings" / "2026-01-06 sync\n## Injected heading\n```.md",
      "---\ndate: 2026-01-06\ncustomer: \"[[Acme]]\"\n---\n\n## Key Decisions\n- Acme will sign in May.\n");
  ASSERT_EQ(run().exit_code, 0);
  std::string text = read_text(note());
  EXPECT_EQ(text.find("\n## Injected heading"), std::string::npos) << text;
  EXPECT_EQ(text.find("\n```"), std::string::npos) << text;
  EXPECT_NE(text.find("[[2026-01-06 sync Injected heading"), std::string::npos) << text;
}

// A FIFO in place of a note or a meeting is refused, not waited on.
TEST_F(AdversarialTest, FifosDoNotHang) {
  fs::remove(note());
  ASSERT_EQ(::mkfifo(note().c_str(), 0644), 0);
  ASSERT_EQ(::mkfifo((vault_ / "Meetings" / "2026-01-07 fifo.md").c_str(), 0644), 0);
  Output out = run();
  Output one = dossier({"note", (vault_ / "Meetings" / "2026-01-07 fifo.md").string()});
  EXPECT_FALSE(out.hung) << "run waited on a FIFO";
  EXPECT_FALSE(one.hung) << "note waited on a FIFO";
  EXPECT_EQ(out.exit_code, 1) << out.err;
  EXPECT_NE(out.err.find("not a regular file"), std::string::npos) << out.err;
  EXPECT_NE(one.exit_code, 0);
}

// dossier never writes a note it would refuse to read.
TEST_F(AdversarialTest, NoteNeverGrowsPastTheLimit) {
  write_text(vault_ / "dossier.yaml",
             "max_file_bytes: " + std::to_string(std::string(kAcme).size() + 40) + "\n");
  Output out = run();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_NE(out.err.find("max_file_bytes"), std::string::npos) << out.err;
  EXPECT_EQ(read_text(note()), kAcme);
}

// A note the user made read-only is left alone and reported; a run as root
// keeps each note's owner.
TEST_F(AdversarialTest, PermissionsAndOwnersAreKept) {
  fs::permissions(note(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  Output out = run();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_NE(out.err.find("read-only"), std::string::npos) << out.err;
  EXPECT_EQ(read_text(note()), kAcme);
  fs::permissions(note(), fs::perms::owner_write, fs::perm_options::add);
  if (::geteuid() != 0) GTEST_SKIP() << "ownership needs root";
  ASSERT_EQ(::chown(vault_.c_str(), 4321, 4321), 0);
  ASSERT_EQ(::chown(note().c_str(), 4321, 4321), 0);
  EXPECT_EQ(run().exit_code, 2);  // root on someone else's vault: refused
  ASSERT_EQ(dossier({"run", "--allow-root"}).exit_code, 0);
  struct stat st {};
  ASSERT_EQ(::stat(note().c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 4321u);
  EXPECT_EQ(st.st_gid, 4321u);
  EXPECT_NE(read_text(note()).find("cold storage"), std::string::npos);
}

// A meeting dated in the future is reported, and nothing of it written.
TEST_F(AdversarialTest, FutureMeetingDateIsNotWritten) {
  add_meeting("2026-01-06 Acme typo", "2062-01-05", "Acme", "Acme will expand to Asia.", "Bob to call.");
  Output out = run();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_NE(out.err.find("2062-01-05"), std::string::npos) << out.err;
  EXPECT_EQ(read_text(note()).find("2062"), std::string::npos) << read_text(note());
}

// The customers folder cannot be the vault or hold the people notes.
TEST_F(AdversarialTest, CustomersFolderIsValidated) {
  write_text(vault_ / "People" / "Bob.md", "---\ncompany: Acme\n---\n# Bob\n");
  for (const char* bad : {"\".\"", "\"\"", "./", "../Elsewhere"}) {
    write_text(vault_ / "dossier.yaml", std::string("customers: ") + bad + "\n");
    Output out = run();
    EXPECT_EQ(out.exit_code, 2) << bad;
    EXPECT_NE(out.err.find("customers"), std::string::npos) << out.err;
  }
  EXPECT_EQ(read_text(vault_ / "People" / "Bob.md"), "---\ncompany: Acme\n---\n# Bob\n");
  // A symlinked customers folder is named, not silently empty.
  fs::remove(vault_ / "dossier.yaml");
  fs::rename(vault_ / "Customers", vault_ / "Real");
  fs::create_directory_symlink("Real", vault_ / "Customers");
  Output linked = run();
  EXPECT_EQ(linked.exit_code, 1);
  EXPECT_NE(linked.err.find("symlink"), std::string::npos) << linked.err;
}

// A customer name near the file-name limit can still be written.
TEST_F(AdversarialTest, LongNoteNamesCanBeUpdated) {
  std::string name;
  for (int i = 0; i < 80; ++i) name += "\xE6\x9D\xB1";  // 80 CJK characters, 240 bytes
  write_text(note(name), std::string(kAcme));
  add_meeting("2026-01-06 long", "2026-01-06", name, "They will sign in May.", "Bob to draft the order.");
  Output out = run();
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_NE(read_text(note(name)).find("sign in May"), std::string::npos) << out.err;
}

// A damaged state store says what to move aside and what that costs.
TEST_F(AdversarialTest, DamagedStateStoreExplainsTheWayOut) {
  ASSERT_EQ(run().exit_code, 0);
  write_text(vault_ / ".dossier" / "state.db", std::string(65536, 'g'));
  fs::remove(vault_ / ".dossier" / "state.db-wal");
  fs::remove(vault_ / ".dossier" / "state.db-shm");
  Output out = run();
  EXPECT_NE(out.exit_code, 0);
  EXPECT_NE(out.err.find("move it aside"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("state.db"), std::string::npos) << out.err;
  // An older schema is migrated.
  fs::remove(vault_ / ".dossier" / "state.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((vault_ / ".dossier" / "state.db").c_str(), &db), SQLITE_OK);
  sqlite3_exec(db,
               "CREATE TABLE journal(seq INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, before BLOB, "
               "after_hash TEXT NOT NULL);",
               nullptr, nullptr, nullptr);
  sqlite3_close(db);
  Output migrated = run();
  EXPECT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_EQ(dossier({"undo"}).exit_code, 0);
}

}  // namespace
