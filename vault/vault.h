// What the vault knows about customers, people and other organisations.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "util/error.h"
#include "vault/config.h"
#include "vault/note_facts.h"

namespace dossier {

struct Customer {
  std::string name;                   // note title = file stem
  std::vector<std::string> aliases;   // frontmatter aliases:
  std::vector<std::string> not_when;  // words that, next to the name, mean it is not this customer
  std::string path;                   // vault-relative
  std::string status;                 // frontmatter status:
};

struct Person {
  std::string name;
  std::vector<std::string> aliases;
  std::string company;  // frontmatter company:, wikilink brackets removed
  std::string path;
  std::string role{};  // frontmatter role: (else title:), e.g. "Head of IT"
};

// The customers and people a vault knows, with every name and alias
// indexed as it is added, so that lookups stay O(1) with thousands of notes
// and an entry added during a run (a customer a meeting declares, a People
// note a run creates) is found like any other.
class VaultIndex {
 public:
  const std::vector<Customer>& customers() const { return customers_; }
  const std::vector<Person>& people() const { return people_; }

  // Adds an entry and indexes its name and aliases. Where two entries share
  // a name or alias, the one added first is found. References to earlier
  // entries may not survive an add.
  const Customer& add_customer(Customer customer);
  const Person& add_person(Person person);

  // By name or alias, case-insensitively; legal suffixes ignored ("Orbital
  // Bank Inc." finds "Orbital Bank").
  const Customer* find_customer(std::string_view name_or_alias) const;
  // By name or alias with case and accents folded.
  const Person* find_person(std::string_view name_or_alias) const;
  // The one person whose name's first word is `first_name`, as written
  // ("Dana" for "Dana Whitfield"); nullptr when none or several are.
  const Person* person_by_first_name(std::string_view first_name) const;

  // What the scan found besides the indexed entries; plain values, free to set.
  std::filesystem::path root;
  std::vector<std::string> other_organizations;  // known organisations that are not customers
  std::string own_company;
  // False when a customer note could not be read or parsed, or the walk of
  // the customers folder failed: a customer may exist that the index lacks,
  // so no new note may be created and no meeting marked done on this index.
  bool customers_complete = true;
  // Customer notes that could not be read or parsed: note path -> why. The
  // customer is still known by its file name, so that a meeting about it
  // fails naming the note instead of creating a second one.
  std::unordered_map<std::string, Failure> broken_notes;

 private:
  std::vector<Customer> customers_;
  std::vector<Person> people_;
  // Case-folded names and aliases -> index; tried before the looser key
  // (legal suffixes dropped for customers, accents folded for people), so
  // that an exact name always wins over a loose match of another entry.
  std::unordered_map<std::string, size_t> customer_names_, customer_companies_;
  std::unordered_map<std::string, size_t> person_names_, person_folded_;
  // First word of each name of two words or more -> its person, or
  // kSeveral when people share it: a meeting calls people by first name,
  // and a scan of every person per name would make extraction grow with
  // the vault's people.
  static constexpr size_t kSeveral = SIZE_MAX;
  std::unordered_map<std::string, size_t> person_first_names_;
};

// What scan_vault found: the index, and every problem on the way, in the
// order met (customers folder first, then people).
struct VaultScan {
  VaultIndex vault;
  // A note that could not be read or parsed (at its line), a sync conflict
  // copy left alone, a folder that is a symlink or could not be walked (line 1).
  std::vector<Failure> failures;
};

// Reads the customers and people folders. A broken customer note stays
// known by its name (VaultIndex::broken_notes), a broken people note is
// skipped; each is one of the scan's failures.
// `cache` (may be null) keeps what was read of each note between runs.
VaultScan scan_vault(const std::filesystem::path& root, const Config& config,
                     NoteFactsCache* cache = nullptr);

struct Meeting;
// A meeting may name a customer in its frontmatter (customer:, customers:,
// account:) that has no note yet: with `create_customers`, it joins the index
// as a customer whose note is to be created.
// A name near an existing customer's ("Orbitl Bank") is taken for a typo:
// no note is created, and `warnings` (if given) says so with path:line.
void add_declared_customers(VaultIndex& vault, const Config& config, const Meeting& meeting,
                            std::vector<std::string>* warnings = nullptr);
// The same in two steps, for a run that does not keep the meeting's text:
// the names its frontmatter declares, then those added to the index.
std::vector<std::string> declared_customers(const Meeting& meeting);
void add_declared_customers(VaultIndex& vault, const Config& config, const std::string& meeting_path,
                            const std::vector<std::string>& declared, std::vector<std::string>* warnings);

// The note `note` is a copy of, when its name is a sync client's conflict
// copy: Dropbox and Obsidian Sync "(conflicted copy ...)", Syncthing
// ".sync-conflict-...", and, while the original is among `present`, iCloud
// "NAME 2", Google Drive "NAME (1)" and OneDrive "NAME-MACHINE". Such a copy
// holds the same name and aliases: it is never indexed nor written.
// `note` and the result are vault-relative; `present(path)`: whether that
// note is there.
std::optional<std::string> conflict_copy_of(std::string_view note,
                                            const std::function<bool(const std::string&)>& present);

// The same lookups as the members, for call sites that read better so.
inline const Customer* find_customer(const VaultIndex& vault, std::string_view name_or_alias) {
  return vault.find_customer(name_or_alias);
}
inline const Person* find_person(const VaultIndex& vault, std::string_view name_or_alias) {
  return vault.find_person(name_or_alias);
}

// The meeting's attendees (frontmatter and transcript speakers) as People
// notes name them, each person once: "zoe alvarez" and the speaker "Zoë
// Álvarez" are one attendee, "Zoë Álvarez".
void match_attendees(const VaultIndex& vault, Meeting& meeting);

// `relative` (a customer note path from the index, a run or the state
// store) as a path under `root`, checked: relative, no "..", inside the
// customers folder, not hidden, and no part of it a symlink (so neither a
// journal row nor a link can make dossier write outside the vault). Throws
// InputError naming `relative` otherwise.
std::filesystem::path checked_note_path(const std::filesystem::path& root, const Config& config,
                                        const std::string& relative);
// The same for a People note dossier creates: inside the people folder.
std::filesystem::path checked_person_path(const std::filesystem::path& root, const Config& config,
                                          const std::string& relative);

}  // namespace dossier
