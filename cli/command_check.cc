#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "extractors/llm_client.h"
#include "extractors/llm_extractor.h"
#include "extractors/rules.h"
#include "pipeline/status.h"
#include "util/error.h"
#include "util/files.h"
#include "vault/customer_names.h"
#include "vault/meeting.h"
#include "vault/vault.h"
#include "vault/vault_files.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

// Files that look like transcripts: easy to drop into the vault and forget
// to add a glob for, after which they are silently never read.
bool looks_like_transcript(const std::string& path) {
  for (const char* ext : {".vtt", ".srt"})
    if (path.ends_with(ext)) return true;
  return false;
}

std::string plural(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

// Reads everything a run would read, writes nothing, and says what is wrong:
// config, rule files, customer and people notes, meeting notes, the endpoint.
int command_check(const CommandLine& cl) {
  Config config = load_command_config(cl);
  fs::path root = vault_folder(cl);
  std::vector<Failure> errors;
  std::error_code ec;
  if (!cl.config_given && !fs::exists(cl.config, ec))
    errors.emplace_back(cl.config, 1, "no dossier.yaml: this folder is not a vault yet (run 'dossier init')");
  std::optional<RuleSet> rules;
  try {
    rules = load_rules(config, root);
  } catch (const ConfigErrors& e) {
    for (const InputError& each : e.all()) errors.push_back(each.failure());
  } catch (const ConfigError& e) {
    errors.push_back(e.failure());
  }
  VaultScan scan = scan_vault(root, config);
  const VaultIndex& vault = scan.vault;
  errors.insert(errors.end(), scan.failures.begin(), scan.failures.end());
  std::vector<std::string> meetings = meeting_paths(root, config).paths;
  if (meetings.empty()) errors.emplace_back(cl.config, 1, "no meeting notes match the 'meetings' globs");
  std::vector<Failure>
      undated;  // not an error: an undated meeting is still read; its context line sorts last
  for (const std::string& path : meetings) {
    Result<std::string> bytes = read_file(root / path, config.max_file_bytes);
    if (!bytes) {
      errors.push_back(bytes.failure().at(path));
      continue;
    }
    try {
      Meeting meeting = read_meeting(parse_note(path, *bytes, ParseLimits{config.max_file_bytes}), path);
      if (meeting.date.empty())
        undated.emplace_back(path, 1,
                             "no meeting date (frontmatter date:, a date in the file name or in the title)");
    } catch (const InputError& e) {
      errors.push_back(e.failure());
    }
  }
  for (const std::string& path : match_globs(root, {"**"}).paths)
    if (looks_like_transcript(path) && !is_own_file(config, path) &&
        !std::binary_search(meetings.begin(), meetings.end(), path))
      errors.emplace_back(path, 1, "a transcript that no 'meetings' glob matches: it is never read");
  std::vector<Failure> duplicates = near_duplicate_customers(vault);
  for (const Failure& f : errors) std::cerr << f.text() << "\n";
  for (const Failure& d : duplicates) std::cerr << d.text() << "\n";
  // A note whose frontmatter status, status/ tag and Account Status table
  // disagree: reported, not a failure (the user decides which is right).
  for (const Customer& customer : vault.customers()) {
    Result<std::string> bytes = read_file(root / customer.path, config.max_file_bytes);
    if (!bytes) continue;  // scan_vault reported it already
    try {
      if (std::optional<Failure> disagreement =
              status_disagreement(parse_note(customer.path, *bytes, ParseLimits{config.max_file_bytes})))
        std::cerr << disagreement->text() << "\n";
    } catch (const InputError&) {
      // scan_vault reported it already
    }
  }
  for (const Failure& f : undated) std::cerr << f.text() << "\n";
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
  if (!cl.quiet) {
    size_t patterns = rules ? rules->markers.size() + rules->cues.size() : 0;
    std::cout << (errors.empty() && duplicates.empty() ? "ok: " : "")
              << plural(patterns, "rule pattern", "rule patterns") << "; "
              << plural(vault.customers().size(), "customer", "customers") << ", "
              << plural(vault.people().size(), "person", "people") << ", "
              << plural(meetings.size(), "meeting note", "meeting notes") << " (" << undated.size()
              << " undated); " << plural(errors.size() + duplicates.size(), "problem", "problems") << "\n";
  }
  return errors.empty() && duplicates.empty() && endpoint_ok ? kExitOk : kExitSomeFailed;
}

}  // namespace dossier
