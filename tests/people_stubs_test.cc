// create_people: the real binary over a small vault whose meeting names
// customer-side people that have no People note.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

const char kStubsToday[] = "DOSSIER_TODAY=2026-01-31";

class PeopleStubs : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    write_text(vault_ / "dossier.yaml", "own_company: Northwind\ncreate_people: true\n");
    write_text(vault_ / "Customers/Acme Storage.md", "---\ntype: customer\n---\n# Acme Storage\n");
    write_text(vault_ / "People/Dana Park.md", "---\ntype: person\ncompany: Northwind\n---\n# Dana Park\n");
    write_text(vault_ / "Meetings/2026-01-12 Acme archive sync.md",
               "---\ndate: 2026-01-12\ncustomer: Acme Storage\n---\n# Acme archive sync\n\n"
               "Attendees: Dana Park, Sarah Kim (Acme Storage, VP Infrastructure)\n\n"
               "- Sarah confirmed they will standardize on the 500 TB tier for the archive\n"
               "- Decision: pilot starts in March at the Leeds site\n"
               "- Dana to send the pilot plan by Friday\n");
  }
  Output dossier(std::vector<std::string> args) {
    args.insert(args.end(), {"--vault", vault_.string()});
    return run_dossier(args, {kStubsToday});
  }
  nlohmann::json run_json(std::vector<std::string> args = {}) {
    args.insert(args.begin(), "run");
    args.push_back("--json");
    Output o = dossier(args);
    EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
    return nlohmann::json::parse(o.out);
  }

  TempDir tmp_;
  fs::path vault_;
};

const char kStub[] = "People/Sarah Kim.md";

TEST_F(PeopleStubs, CreatesALinkedStubAndASecondRunChangesNoByte) {
  nlohmann::json report = run_json();
  EXPECT_EQ(report["people_created"], nlohmann::json::array({kStub})) << report.dump(2);
  std::string stub = read_text(vault_ / kStub);
  EXPECT_NE(stub.find("type: person\n"), std::string::npos) << stub;
  EXPECT_NE(stub.find("company: '[[Acme Storage]]'\n"), std::string::npos) << stub;
  EXPECT_NE(stub.find("role: VP Infrastructure\n"), std::string::npos) << stub;
  EXPECT_NE(stub.find("[[2026-01-12 Acme archive sync]]"), std::string::npos) << stub;
  std::string note = read_text(vault_ / "Customers/Acme Storage.md");
  EXPECT_NE(note.find("- [[Sarah Kim]] - VP Infrastructure"), std::string::npos) << note;
  auto after = snapshot(vault_);
  nlohmann::json second = run_json();
  EXPECT_TRUE(second["people_created"].empty());
  nlohmann::json full = run_json({"--full"});
  EXPECT_TRUE(full["people_created"].empty()) << full.dump(2);
  EXPECT_EQ(snapshot(vault_), after);
}

TEST_F(PeopleStubs, OffByDefault) {
  write_text(vault_ / "dossier.yaml", "own_company: Northwind\n");
  run_json();
  EXPECT_FALSE(fs::exists(vault_ / kStub));
  EXPECT_NE(read_text(vault_ / "Customers/Acme Storage.md").find("- Sarah Kim - VP Infrastructure"),
            std::string::npos);
}

TEST_F(PeopleStubs, DryRunWritesNothing) {
  auto before = snapshot(vault_);
  nlohmann::json report = run_json({"--dry-run"});
  EXPECT_EQ(report["people_created"], nlohmann::json::array({kStub}));
  EXPECT_NE(report["diff"].get<std::string>().find("[[Sarah Kim]]"), std::string::npos);
  EXPECT_EQ(snapshot(vault_), before);
}

TEST_F(PeopleStubs, NeverReplacesAFileNorWritesThroughASymlink) {
  fs::create_directories(tmp_.path() / "elsewhere");
  fs::rename(vault_ / "People", tmp_.path() / "elsewhere/People");
  fs::create_directory_symlink(tmp_.path() / "elsewhere/People", vault_ / "People");
  Output o = dossier({"run", "--json"});
  EXPECT_FALSE(fs::exists(tmp_.path() / "elsewhere/People/Sarah Kim.md"));
  EXPECT_NE(o.out.find("symlink"), std::string::npos) << o.out;
}

TEST_F(PeopleStubs, AnExistingFileIsNeverReplaced) {
  // Not a note the index reads as a person: still not dossier's to replace.
  fs::create_directories(vault_ / kStub);
  Output o = dossier({"run", "--json"});
  EXPECT_TRUE(fs::is_directory(vault_ / kStub)) << o.out << o.err;
}

TEST_F(PeopleStubs, UndoRemovesTheStubsTheRunCreated) {
  auto before = snapshot(vault_);
  run_json();
  ASSERT_TRUE(fs::exists(vault_ / kStub));
  Output undo = dossier({"undo"});
  EXPECT_EQ(undo.exit_code, 0) << undo.out << undo.err;
  EXPECT_FALSE(fs::exists(vault_ / kStub));
  EXPECT_EQ(snapshot(vault_), before);
}

TEST_F(PeopleStubs, UndoKeepsAStubEditedSince) {
  run_json();
  write_text(vault_ / kStub, read_text(vault_ / kStub) + "Met at the Leeds site.\n");
  dossier({"undo"});
  EXPECT_TRUE(fs::exists(vault_ / kStub));
}

// The journal is data anyone with the vault can edit: a row that claims the
// run rewrote a People note (only creating one is ever journalled there) is
// refused, and the note stays as the user wrote it.
TEST_F(PeopleStubs, UndoNeverRewritesAPeopleNote) {
  run_json();
  std::string dana = read_text(vault_ / "People/Dana Park.md");
  run_state_sql(vault_,
                "INSERT INTO journal(path, before, after_hash, memory_before) VALUES('People/Dana Park.md', "
                "'pwned', 'h', '{\"emitted_keys\":[],\"own_lines\":[]}');");
  Output undo = dossier({"undo"});
  EXPECT_NE(undo.err.find("refusing"), std::string::npos) << undo.out << undo.err;
  EXPECT_EQ(read_text(vault_ / "People/Dana Park.md"), dana);
  EXPECT_FALSE(fs::exists(vault_ / kStub));
}

}  // namespace
