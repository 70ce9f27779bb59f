#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/extraction_json.h"
#include "extractors/rules_extractor.h"
#include "pipeline/extract_stage.h"
#include "pipeline/state.h"
#include "util/error.h"
#include "util/files.h"
#include "vault/meeting.h"
#include "vault/vault.h"

namespace fs = std::filesystem;

namespace dossier {

// Prints what one meeting yields, as JSON; writes nothing to the vault (LLM
// answers are only read from the cache, never stored).
int command_extract(const CommandLine& cl) {
  Config config = load_command_config(cl);
  fs::path root = cl.vault;
  VaultScan scan = scan_vault(root, config);
  VaultIndex& vault = scan.vault;
  for (const Failure& f : scan.failures) std::cerr << f.text() << "\n";

  fs::path given = cl.meeting;
  fs::path file = fs::exists(given) || given.is_absolute() ? given : root / given;
  Result<std::string> bytes = read_file(file);
  if (!bytes) throw UsageError("cannot read meeting note: " + cl.meeting + ": " + bytes.failure().message);
  std::error_code ec;
  std::string rel =
      is_inside(root, file)
          ? fs::relative(fs::weakly_canonical(file), fs::weakly_canonical(root), ec).generic_string()
          : file.generic_string();
  Meeting meeting;
  try {
    meeting = read_meeting(parse_note(rel, *bytes, ParseLimits{config.max_file_bytes}), rel);
  } catch (const InputError& e) {
    std::cerr << e.what() << "\n";
    return kExitSomeFailed;
  }
  add_declared_customers(vault, config, meeting);
  match_attendees(vault, meeting);
  MemoryResponseCache llm_cache;  // one meeting: nothing to keep between runs
  std::vector<MeetingExtraction> result = extract_meetings({&meeting}, vault, config, llm_cache);
  if (result[0].error) {
    std::cerr << result[0].error->text() << "\n";
    return kExitSomeFailed;
  }
  if (extracted_nothing(meeting, result[0].extraction)) std::cerr << meeting.path << ": no items extracted\n";
  // Hybrid with its LLM part failed: the rule items, and the failure.
  if (result[0].llm_error) std::cerr << result[0].llm_error->text() << "\n";
  std::cout << extraction_to_json(meeting, result[0].extraction).dump(2) << "\n";
  return scan.failures.empty() && !result[0].llm_error ? kExitOk : kExitSomeFailed;
}

}  // namespace dossier
