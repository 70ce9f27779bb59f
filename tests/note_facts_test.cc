// What the vault index reads of a note, and how it is remembered between
// runs: a note whose stat signature is unchanged is not read again, any
// change of the note is.
#include "vault/note_facts.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "tests/test_util.h"
#include "vault/note.h"
#include "vault/vault.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

using dossier::testing::TempDir;
using dossier::testing::write_text;

TEST(NoteFacts, ReadsTheFrontmatterValuesTheIndexUses) {
  Note note = parse_note("People/Jane.md",
                         "---\naliases: [Jane D, \"[[JD]]\"]\ncompany: \"[[Acme|Acme Corp]]\"\nrole: CTO\n"
                         "title: Dr\nstatus: active\nnot_when: [jane street]\n---\n# Jane\n");
  NoteFacts f = facts_of(note);
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"Jane D", "JD"}));
  EXPECT_EQ(f.company, std::vector<std::string>{"Acme"});
  EXPECT_EQ(f.not_when, std::vector<std::string>{"jane street"});
  EXPECT_EQ(f.role, "CTO");
  EXPECT_EQ(f.title, "Dr");
  EXPECT_EQ(f.status, "active");
}

TEST(NoteFacts, EncodingRoundTrips) {
  NoteFacts f{{"A", "B b"}, {}, {"Co"}, "won", "", "Head of IT"};
  std::optional<std::string> text = encode_facts(f);
  ASSERT_TRUE(text);
  std::optional<NoteFacts> back = decode_facts(*text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->aliases, f.aliases);
  EXPECT_TRUE(back->not_when.empty());
  EXPECT_EQ(back->company, f.company);
  EXPECT_EQ(back->status, "won");
  EXPECT_EQ(back->role, "");
  EXPECT_EQ(back->title, "Head of IT");
}

TEST(NoteFacts, ValuesHoldingASeparatorAreNotRemembered) {
  EXPECT_FALSE(encode_facts(NoteFacts{{"A\x1e"
                                       "B"},
                                      {},
                                      {},
                                      "",
                                      "",
                                      ""}));
  EXPECT_FALSE(encode_facts(NoteFacts{{}, {}, {}, "x\x1fy", "", ""}));
  EXPECT_FALSE(decode_facts("not ours"));
  EXPECT_FALSE(decode_facts(""));
}

// A cache that counts what scan_vault asks and can be made to lie, to show
// when a remembered value is used.
struct FakeCache : NoteFactsCache {
  std::map<std::string, std::pair<std::string, NoteFacts>> entries;
  int remembered = 0;
  std::optional<NoteFacts> find(const std::string& path, const std::string& signature) const override {
    auto it = entries.find(path);
    if (it == entries.end() || it->second.first != signature) return std::nullopt;
    return it->second.second;
  }
  void remember(const std::string& path, const std::string& signature, const NoteFacts& facts) override {
    entries[path] = {signature, facts};
    ++remembered;
  }
};

// Notes written seconds ago, as a vault's notes are when a run starts.
void age(const fs::path& file) {
  fs::last_write_time(file, fs::last_write_time(file) - std::chrono::seconds(10));
}

TEST(NoteFactsCache, AnUnchangedNoteIsNotReadAgainAndAChangedOneIs) {
  TempDir dir;
  Config config;
  write_text(dir.path() / "Customers/Acme.md", "---\naliases: [ACME Corp]\n---\n# Acme\n");
  write_text(dir.path() / "People/Jane.md", "---\ncompany: Acme\n---\n");
  age(dir.path() / "Customers/Acme.md");
  age(dir.path() / "People/Jane.md");
  FakeCache cache;
  VaultScan first = scan_vault(dir.path(), config, &cache);
  EXPECT_EQ(cache.remembered, 2);
  ASSERT_EQ(first.vault.customers().size(), 1u);
  EXPECT_EQ(first.vault.customers()[0].aliases, std::vector<std::string>{"ACME Corp"});

  // Same signature: the remembered facts are used, the file is not parsed.
  cache.entries["Customers/Acme.md"].second.aliases = {"Remembered"};
  VaultIndex second = scan_vault(dir.path(), config, &cache).vault;
  EXPECT_EQ(cache.remembered, 2);
  EXPECT_EQ(second.customers()[0].aliases, std::vector<std::string>{"Remembered"});
  EXPECT_EQ(second.people()[0].company, "Acme");

  // The user edits the note: it is read again, whatever was remembered.
  write_text(dir.path() / "Customers/Acme.md", "---\naliases: [Acme Holdings]\n---\n# Acme\n");
  age(dir.path() / "Customers/Acme.md");
  VaultScan third = scan_vault(dir.path(), config, &cache);
  EXPECT_EQ(cache.remembered, 3);
  EXPECT_EQ(third.vault.customers()[0].aliases, std::vector<std::string>{"Acme Holdings"});
  EXPECT_TRUE(first.failures.empty());
  EXPECT_TRUE(third.failures.empty());
}

// A note saved within the last two seconds could change again within the
// same clock tick without changing its signature: it is read, not remembered.
TEST(NoteFactsCache, ANoteSavedJustNowIsReadEveryTime) {
  TempDir dir;
  write_text(dir.path() / "Customers/Acme.md", "---\naliases: [ACME Corp]\n---\n");
  FakeCache cache;
  scan_vault(dir.path(), Config{}, &cache);
  EXPECT_EQ(cache.remembered, 0);
}

TEST(NoteFactsCache, ABrokenNoteIsNeverRemembered) {
  TempDir dir;
  write_text(dir.path() / "Customers/Broken.md", "---\nstatus: [unclosed\n---\n");
  age(dir.path() / "Customers/Broken.md");
  FakeCache cache;
  VaultScan scan = scan_vault(dir.path(), Config{}, &cache);
  EXPECT_EQ(cache.remembered, 0);
  EXPECT_FALSE(scan.vault.customers_complete);
  EXPECT_EQ(scan.failures.size(), 1u);
}

}  // namespace
}  // namespace dossier
