// People notes for the customer-side contacts a run met that have none
// (`create_people: true`): a stub from templates/person.md with the
// person's company and role, so that Key Contacts links to it and the user
// has a place to write about them.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/extraction.h"
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

struct StubResult {
  std::vector<std::string> created;  // vault-relative paths (dry run: would be created)
  std::vector<Failure> errors;       // People notes that could not be made
};

// Creates a People note for each contact item of `extractions` (meeting i
// of `meetings`) at a customer, named without a note: never replacing a
// file, only inside the people folder, never through a symlink, journalled
// so that undo removes it (`writer`). Each stub joins `vault.people()`, and the contact
// items that named the person now link to it ("[[Name]] - role"), as the
// next run would write them.
StubResult create_people_stubs(const StubRun& run, const std::vector<const Meeting*>& meetings,
                               std::vector<MeetingExtraction>& extractions, VaultIndex& vault,
                               JournalledWriter& writer);

}  // namespace dossier
