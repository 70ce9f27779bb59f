// People notes for the customer-side contacts a run met that have none
// (`create_people: true`): a stub from templates/person.md with the
// person's company and role, so that Key Contacts links to it and the user
// has a place to write about them.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/extract_stage.h"
#include "pipeline/journalled_writer.h"
#include "util/error.h"
#include "vault/config.h"
#include "vault/meeting.h"
#include "vault/vault.h"

namespace dossier {

struct StubRun {
  std::filesystem::path root;
  const Config* config = nullptr;
  bool dry_run = false;
};

// A contact item that now links to its person's note: item `item` of
// meeting `meeting`'s extraction reads `text` ("[[Name]] - role").
struct ContactLink {
  size_t meeting = 0;
  size_t item = 0;
  std::string text;
};

struct StubResult {
  std::vector<std::string> created;  // vault-relative paths (dry run: would be created)
  std::vector<Failure> errors;       // People notes that could not be made
  std::vector<Person> people;        // the people of the notes made, for the vault index
  std::vector<ContactLink> links;    // the contact items that name them, linked as the next run writes them
};

// Creates a People note for each contact item of `extractions` (meeting i
// of `meetings`) at a customer, named without a note: never replacing a
// file, only inside the people folder, never through a symlink, journalled
// so that undo removes it (`writer`). Returns, besides the notes made, the
// people to add to the index and the contact items that now link to them
// ("[[Name]] - role"), as the next run would write them.
StubResult create_people_stubs(const StubRun& run, const std::vector<const Meeting*>& meetings,
                               const std::vector<MeetingExtraction>& extractions, const VaultIndex& vault,
                               JournalledWriter& writer);

}  // namespace dossier
