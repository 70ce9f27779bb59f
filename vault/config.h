// dossier.yaml: every key optional. Configuration is a value passed to each
// stage; nothing reads it from global state.
#pragma once
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dossier {

enum class ExtractorKind { rules, llm, hybrid };

struct LlmConfig {
  std::string base_url = "http://127.0.0.1:11434/v1";
  std::string model = "llama3.1";
  std::string api_key_env = "OPENAI_API_KEY";  // name of the variable, never the key
  double timeout_s = 120;
  int concurrency = 4;
  int max_retries = 3;
  int chunk_tokens = 3000;  // budget per request chunk (approx. 4 bytes a token)
  int chunk_overlap_lines = 5;
  std::string prompt;  // vault-relative prompt file; empty = built-in
};

struct Config {
  std::vector<std::string> meetings{"Meetings/**/*.md", "Meetings/**/*.vtt", "Meetings/**/*.srt",
                                    "Meetings/**/*.txt"};
  std::string customers_folder = "Customers";  // vault-relative; YAML key `customers`
  std::string people_folder = "People";        // vault-relative; YAML key `people`
  std::string template_path;                   // vault-relative; empty = built-in templates/customer.md
  bool create_customers = true;
  // Create a People note (templates/person.md) for a customer-side contact
  // that has none: off by default, the people folder is the user's own.
  bool create_people = false;
  ExtractorKind extractor = ExtractorKind::rules;
  std::vector<std::string> rules;  // extra rule files, vault-relative
  LlmConfig llm;
  std::map<std::string, std::string> sections = default_sections();
  std::string own_company;                 // people with this company: internal attendees
  std::vector<std::string> organizations;  // known non-customer organisations
  double dedupe_threshold = 0.75;          // token-set similarity for near-duplicates
  size_t max_file_bytes = size_t{16} * 1024 * 1024;
  // A line the user deleted comes back when a later meeting raises the same
  // item again (new information); false: never, from any meeting.
  bool resurrect = true;
  // A meeting dossier processed before and saved again less than this many
  // seconds ago is left for the next run: it is probably still being typed
  // (`note --now` does not wait). A meeting new to dossier is read at once.
  int settle_s = 60;
  // Growth: Recent Context keeps this many lines, older ones move to the
  // note's History section; so do tasks done more than this many days ago.
  int recent_context_lines = 15;
  int history_after_days = 30;
  // Whether the config file lies inside the vault (not a key: the command
  // line sets it). Whoever can edit a shared vault can edit that file, so it
  // may name only files inside the vault, and take the LLM key only from a
  // variable named like an API key; a config of the user's own outside the
  // vault (--config) may name any file and variable.
  bool in_vault = true;

  static std::map<std::string, std::string> default_sections();
};

// The text of a file the config names under `key` (template, rules,
// llm.prompt), relative to the vault. Throws ConfigError when it cannot be
// read, is not a regular file, or, for a config in the vault, lies outside
// the vault (an absolute path, "..", or a symlink out of it).
std::string read_config_file(const std::filesystem::path& vault_root, const std::string& relative,
                             const std::string& key, const Config& config);

// Throws ConfigError for settings a config inside the vault may not make:
// an llm.api_key_env not named like an API key ("..._API_KEY", "..._TOKEN").
void check_vault_config(const Config& config, const std::string& path);
bool looks_like_api_key_name(const std::string& variable);

// Loads `path`. A missing file gives the defaults when `must_exist` is false.
// Unknown keys and bad values throw ConfigError with the key's line.
Config load_config(const std::string& path, bool must_exist);

ExtractorKind parse_extractor_kind(const std::string& s);  // throws std::invalid_argument

}  // namespace dossier
