// The command line: parsed once into a plain value, then dispatched.
#pragma once
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dossier {

enum ExitCode { kExitOk = 0, kExitSomeFailed = 1, kExitUsage = 2, kExitLocked = 75 };

struct CommandLine {
  std::string command;       // run, note, extract, eval, init, check, undo, rules, template, trust
  std::string vault;         // --vault, $DOSSIER_VAULT, or "." until located
  bool vault_given = false;  // by --vault or $DOSSIER_VAULT
  std::string config;        // --config, or <vault>/dossier.yaml
  bool config_given = false;
  std::string meeting;                   // note / extract argument
  std::string gold;                      // eval argument: the gold file
  std::string dir;                       // demo argument: where to write the example vault
  std::string compare;                   // eval --compare: extractors, comma-separated
  std::optional<std::string> extractor;  // --extractor
  bool full = false, dry_run = false, json = false, quiet = false, wait = false;
  bool force = false;       // undo --force: restore notes edited since, too
  bool verbose = false;     // run/note: list the changes per customer note
  bool now = false;         // run/note --now: do not leave a just-saved meeting to settle
  bool print = false;       // rules/template --print
  bool allow_root = false;  // --allow-root
  std::string since;        // --since YYYY-MM-DD
};

// Parses argv. Prints help/version and returns the exit code when there is
// nothing to run; throws UsageError (one line, exit 2) on bad input.
struct ParseResult {
  std::optional<CommandLine> command_line;
  int exit_code = kExitOk;
};
ParseResult parse_command_line(int argc, const char* const* argv, const char* env_vault);

// Without --vault or $DOSSIER_VAULT, the vault is the nearest folder from
// `cwd` upwards that holds a dossier.yaml, as git finds .git: a command run
// inside Meetings/ works on the vault instead of starting a second one
// there. None found: UsageError saying how to run `init` (which itself
// works on `cwd`; demo, rules and template need no vault).
CommandLine locate_vault(CommandLine cl, const std::filesystem::path& cwd);

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace dossier
