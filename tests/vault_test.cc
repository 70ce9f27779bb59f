// The vault index (customers, people, other organisations).
#include "vault/vault.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/test_util.h"
#include "vault/meeting.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

using dossier::testing::DeepFolders;
using dossier::testing::TempDir;
using dossier::testing::write_text;
using Strings = std::vector<std::string>;

class VaultScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_text(root() / "Customers/Acme.md",
               "---\naliases: [ACME Corp, \"[[Acme Inc]]\"]\nnot_when: [acme bricks, road runner]\n"
               "status: active\n---\n# Acme\n");
    write_text(root() / "Customers/Regions/Globex.md", "# Globex\nno frontmatter\n");
    write_text(root() / "Customers/Broken.md", "---\nstatus: [unclosed\n---\n");
    write_text(root() / "Customers/Bad bytes.md", "ok\n\xff\xfe\n");
    write_text(root() / "Customers/.trash/Old.md", "# Old\n");
    write_text(root() / "Customers/readme.txt", "not a note\n");
    write_text(root() / "People/Jane Doe.md", "---\ncompany: Acme\naliases: [Jane]\n---\n");
    write_text(root() / "People/Bob Stone.md", "---\ncompany: \"[[Initech]]\"\n---\n");
    write_text(root() / "People/Team/Me.md", "---\ncompany: OurCo\n---\n");
    write_text(root() / "People/Carol.md", "---\ncompany: \"[[Umbrella|Umbrella Corp]]\"\n---\n");
    write_text(root() / "People/Nobody.md", "no company\n");
    write_text(root() / "Elsewhere/Hooli.md", "# Hooli\n");
    fs::create_symlink(root() / "Elsewhere/Hooli.md", root() / "Customers/Hooli.md");
    fs::create_directory_symlink(root() / "Elsewhere", root() / "Customers/Linked");
    config_.own_company = "OurCo";
    config_.organizations = {"Umbrella", "acme", "Stark Industries"};
  }
  const fs::path& root() const { return tmp_.path(); }
  VaultIndex scan() { return scan_vault(root(), config_).vault; }

  TempDir tmp_;
  Config config_;
};

Strings customer_names(const VaultIndex& v) {
  Strings out;
  for (const Customer& c : v.customers()) out.push_back(c.name);
  return out;
}

TEST_F(VaultScanTest, CustomersWithAliasesNotWhenAndStatus) {
  VaultIndex v = scan();
  EXPECT_EQ(v.root, root());
  EXPECT_EQ(customer_names(v), (Strings{"Acme", "Bad bytes", "Broken", "Globex"}));
  const Customer* acme = find_customer(v, "Acme");
  ASSERT_NE(acme, nullptr);
  EXPECT_EQ(acme->aliases, (Strings{"ACME Corp", "Acme Inc"}));
  EXPECT_EQ(acme->not_when, (Strings{"acme bricks", "road runner"}));
  EXPECT_EQ(acme->status, "active");
  EXPECT_EQ(acme->path, "Customers/Acme.md");
  const Customer* globex = find_customer(v, "globex");
  ASSERT_NE(globex, nullptr);
  EXPECT_EQ(globex->path, "Customers/Regions/Globex.md");
  EXPECT_TRUE(globex->aliases.empty());
  EXPECT_EQ(globex->status, "");
}

TEST_F(VaultScanTest, FindByAliasIgnoringCase) {
  VaultIndex v = scan();
  EXPECT_EQ(find_customer(v, "acme corp"), find_customer(v, "Acme"));
  EXPECT_EQ(find_customer(v, "ACME INC"), find_customer(v, "Acme"));
  EXPECT_EQ(find_customer(v, "Initech"), nullptr);
  EXPECT_EQ(find_person(v, "jane"), find_person(v, "Jane Doe"));
  EXPECT_NE(find_person(v, "Jane Doe"), nullptr);
  EXPECT_EQ(find_person(v, "Acme"), nullptr);
}

TEST(VaultIndexTest, PersonByFirstNameIsTheOnlyOneOfThatFirstName) {
  VaultIndex v;
  auto add = [&](const char* name) {
    Person p;
    p.name = name;
    v.add_person(p);
  };
  add("Dana Whitfield");
  add("Priya");
  add("Mary Ann Lee");
  ASSERT_NE(v.person_by_first_name("Dana"), nullptr);
  EXPECT_EQ(v.person_by_first_name("Dana")->name, "Dana Whitfield");
  EXPECT_EQ(v.person_by_first_name("Mary")->name, "Mary Ann Lee");
  EXPECT_EQ(v.person_by_first_name("dana"), nullptr);       // as written
  EXPECT_EQ(v.person_by_first_name("Priya"), nullptr);      // no first name: find_person finds her
  EXPECT_EQ(v.person_by_first_name("Whitfield"), nullptr);  // a last name
  EXPECT_EQ(v.person_by_first_name("Da"), nullptr);
  add("Dana Ortiz");                                   // added during a run, as a People note dossier creates
  EXPECT_EQ(v.person_by_first_name("Dana"), nullptr);  // two Danas: which one?
  add("Dana Reyes");
  EXPECT_EQ(v.person_by_first_name("Dana"), nullptr);
}

TEST_F(VaultScanTest, PeopleWithCompanyPlainOrWikilink) {
  VaultIndex v = scan();
  ASSERT_EQ(v.people().size(), 5u);
  EXPECT_EQ(find_person(v, "Jane Doe")->company, "Acme");
  EXPECT_EQ(find_person(v, "Bob Stone")->company, "Initech");
  EXPECT_EQ(find_person(v, "Carol")->company, "Umbrella");
  EXPECT_EQ(find_person(v, "Me")->company, "OurCo");
  EXPECT_EQ(find_person(v, "Me")->path, "People/Team/Me.md");
  EXPECT_EQ(find_person(v, "Nobody")->company, "");
}

TEST_F(VaultScanTest, OtherOrganizationsAreKnownNonCustomers) {
  VaultIndex v = scan();
  // Config first, then people's companies; never a customer (by name or
  // alias, any case), never our own company, never twice.
  EXPECT_EQ(v.other_organizations, (Strings{"Umbrella", "Stark Industries", "Initech"}));
  EXPECT_EQ(v.own_company, "OurCo");
}

TEST_F(VaultScanTest, BrokenNotesAreReportedNotFatal) {
  VaultScan scan = scan_vault(root(), config_);
  // In walk order, each at the line that is wrong.
  ASSERT_EQ(scan.failures.size(), 2u);
  EXPECT_EQ(scan.failures[0].path, "Customers/Bad bytes.md");
  EXPECT_EQ(scan.failures[0].line, 2);
  EXPECT_EQ(scan.failures[0].message, "invalid UTF-8 (byte 0xFF at column 1)");
  EXPECT_EQ(scan.failures[1].path, "Customers/Broken.md");
  EXPECT_EQ(scan.failures[1].line, 2);
  EXPECT_EQ(scan.failures[1].message.rfind("frontmatter is not valid YAML: ", 0), 0u)
      << scan.failures[1].message;
  // A broken customer note stays known by its name, so that a meeting about
  // it is blocked rather than given a second note; the index is not whole.
  const VaultIndex& v = scan.vault;
  EXPECT_EQ(customer_names(v), (Strings{"Acme", "Bad bytes", "Broken", "Globex"}));
  EXPECT_FALSE(v.customers_complete);
  ASSERT_EQ(v.broken_notes.size(), 2u);
  EXPECT_EQ(v.broken_notes.at("Customers/Bad bytes.md"), scan.failures[0]);
  EXPECT_EQ(v.broken_notes.at("Customers/Broken.md"), scan.failures[1]);
}

TEST_F(VaultScanTest, AConflictCopyIsAFailureThatLeavesTheIndexWhole) {
  write_text(root() / "Customers/Acme (conflicted copy 2026-01-05).md", "# Acme\n");
  fs::remove(root() / "Customers/Broken.md");
  fs::remove(root() / "Customers/Bad bytes.md");
  VaultScan scan = scan_vault(root(), config_);
  ASSERT_EQ(scan.failures.size(), 1u);
  EXPECT_EQ(scan.failures[0].path, "Customers/Acme (conflicted copy 2026-01-05).md");
  EXPECT_EQ(scan.failures[0].line, 1);
  EXPECT_EQ(
      scan.failures[0].message,
      "looks like a sync conflict copy of Acme.md; dossier leaves it alone: merge what you need into that "
      "note and delete this copy");
  EXPECT_TRUE(scan.vault.customers_complete);
  EXPECT_TRUE(scan.vault.broken_notes.empty());
}

TEST_F(VaultScanTest, ASymlinkedPeopleFolderIsAFailureOfThatFolder) {
  fs::rename(root() / "People", root() / "Elsewhere/People");
  fs::create_directory_symlink(root() / "Elsewhere/People", root() / "People");
  VaultScan scan = scan_vault(root(), config_);
  ASSERT_EQ(scan.failures.size(), 3u);  // the two broken customer notes first
  EXPECT_EQ(scan.failures[2].path, "People");
  EXPECT_EQ(scan.failures[2].line, 1);
  EXPECT_EQ(
      scan.failures[2].message,
      "the customers or people folder is a symlink, which dossier does not follow: name the real folder in "
      "dossier.yaml");
  EXPECT_TRUE(scan.vault.people().empty());
}

TEST_F(VaultScanTest, AFolderThatCannotBeWalkedIsAFailureOfTheCustomersFolder) {
  fs::remove(root() / "Customers/Broken.md");
  fs::remove(root() / "Customers/Bad bytes.md");
  DeepFolders deep(root() / "Customers");
  VaultScan scan = scan_vault(root(), config_);
  ASSERT_EQ(scan.failures.size(), 1u);
  EXPECT_EQ(scan.failures[0].path, "Customers");
  EXPECT_EQ(scan.failures[0].line, 1);
  EXPECT_EQ(scan.failures[0].message,
            deep.unreadable().string() +
                ": cannot read the folder: File name too long (notes there were not "
                "seen: no new customer notes this run)");
  EXPECT_FALSE(scan.vault.customers_complete);
  EXPECT_NE(find_customer(scan.vault, "Acme"), nullptr);
}

TEST_F(VaultScanTest, SymlinksAndHiddenFoldersSkipped) {
  VaultIndex v = scan();
  EXPECT_EQ(find_customer(v, "Hooli"), nullptr);
  EXPECT_EQ(find_customer(v, "Old"), nullptr);
}

TEST_F(VaultScanTest, MissingFoldersGiveAnEmptyIndex) {
  config_.customers_folder = "NoSuchFolder";
  config_.people_folder = "Nor/This";
  VaultScan scan = scan_vault(root(), config_);
  EXPECT_TRUE(scan.vault.customers().empty());
  EXPECT_TRUE(scan.vault.people().empty());
  EXPECT_TRUE(scan.failures.empty());
}

Meeting meeting_with(const std::string& frontmatter) {
  return read_meeting(parse_note("Meetings/m.md", "---\n" + frontmatter + "---\n# M\n"), "Meetings/m.md");
}

TEST_F(VaultScanTest, DeclaredCustomersJoinTheIndex) {
  VaultIndex v = scan();
  add_declared_customers(
      v, config_,
      meeting_with("customer: \"[[Initrode]]\"\ncustomers: [acme corp, Hooli]\naccount: OurCo\n"));
  EXPECT_EQ(customer_names(v), (Strings{"Acme", "Bad bytes", "Broken", "Globex", "Initrode", "Hooli"}));
  const Customer* initrode = find_customer(v, "Initrode");
  ASSERT_NE(initrode, nullptr);
  EXPECT_EQ(initrode->path, "Customers/Initrode.md");
  // Declaring it again adds nothing.
  add_declared_customers(v, config_, meeting_with("account: initrode\n"));
  EXPECT_EQ(v.customers().size(), 6u);
}

TEST_F(VaultScanTest, DeclaredCustomersNeedCreateCustomers) {
  config_.create_customers = false;
  VaultIndex v = scan();
  add_declared_customers(v, config_, meeting_with("customer: Initrode\n"));
  EXPECT_EQ(customer_names(v), (Strings{"Acme", "Bad bytes", "Broken", "Globex"}));
}

}  // namespace
}  // namespace dossier
