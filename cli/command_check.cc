#include <iostream>

#include "extractors/llm_client.h"
#include "extractors/llm_extractor.h"
#include "extractors/rules.h"
#include "cli/commands.h"
#include "pipeline/status.h"
#include "util/error.h"
#include "util/files.h"
#include "vault/meeting.h"
#include "vault/vault.h"

namespace fs = std::filesystem;

namespace dossier {

// Reads everything a run would read, writes nothing, and says what is wrong:
// config, rule files, customer and people notes, meeting notes, the endpoint.
int command_check(const CommandLine& cl) {
  Config config = load_command_config(cl);
  fs::path root = cl.vault;
  RuleSet rules = load_rules(config, root);  // throws ConfigError for a bad pattern
  std::vector<InputError> errors;
  VaultIndex vault = scan_vault(root, config, errors);
  std::vector<std::string> meetings = match_globs(root, config.meetings);
  std::vector<std::string> undated;
  for (const std::string& path : meetings) {
    try {
      std::optional<std::string> bytes = read_file(root / path);
      if (!bytes) throw InputError(path, 1, "cannot read file");
      Meeting meeting = read_meeting(parse_note(path, *bytes, ParseLimits{config.max_file_bytes}), path);
      if (meeting.date.empty()) undated.push_back(path);
    } catch (const InputError& e) {
      errors.push_back(e);
    }
  }
  for (const InputError& e : errors) std::cerr << e.what() << "\n";
  // A note whose frontmatter status, status/ tag and Account Status table
  // disagree: reported, not a failure (the user decides which is right).
  for (const Customer& customer : vault.customers) {
    std::optional<std::string> bytes = read_file(root / customer.path);
    if (!bytes) continue;
    try {
      std::string message = status_disagreement(parse_note(customer.path, *bytes, ParseLimits{config.max_file_bytes}));
      if (!message.empty()) std::cerr << customer.path << ":1: " << message << "\n";
    } catch (const InputError&) {
      // scan_vault reported it already
    }
  }
  // Not an error: an undated meeting is still read; its context line sorts last.
  for (const std::string& path : undated)
    std::cerr << path << ":1: no meeting date (frontmatter date:, a date in the file name or in the title)\n";
  bool endpoint_ok = true;
  if (config.extractor != ExtractorKind::rules) {
    EndpointStatus status = check_endpoint_status(config.llm);
    endpoint_ok = status.answers && status.model_listed;
    std::cout << status.message << "\n";
    if (endpoint_ok) {
      Prompt probe{"Answer with JSON only.", "Reply with {\"items\": []}."};
      OutputModeProbe mode = probe_output_mode(config.llm, build_request_body(config.llm, probe));
      std::cout << mode.message << "\n";
      endpoint_ok = mode.mode.has_value();
    }
  }
  if (!cl.quiet)
    std::cout << "config ok; " << rules.markers.size() + rules.cues.size() << " rule patterns; "
              << vault.customers.size() << " customers, " << vault.people.size() << " people, "
              << meetings.size() << " meeting notes (" << undated.size() << " undated); " << errors.size()
              << " problems\n";
  return errors.empty() && endpoint_ok ? kExitOk : kExitSomeFailed;
}

}  // namespace dossier
