#include <iostream>

#include "extractors/llm_client.h"
#include "extractors/llm_extractor.h"
#include "extractors/rules.h"
#include "cli/commands.h"
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
  std::vector<std::string> meetings = meeting_paths(root, config);
  for (const std::string& path : meetings) {
    try {
      std::optional<std::string> bytes = read_file(root / path);
      if (!bytes) throw InputError(path, 1, "cannot read file");
      parse_note(path, *bytes, ParseLimits{config.max_file_bytes});
    } catch (const InputError& e) {
      errors.push_back(e);
    }
  }
  for (const InputError& e : errors) std::cerr << e.what() << "\n";
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
              << meetings.size() << " meeting notes; " << errors.size() << " problems\n";
  return errors.empty() && endpoint_ok ? kExitOk : kExitSomeFailed;
}

}  // namespace dossier
