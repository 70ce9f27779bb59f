// One function per `dossier` command. Each returns an ExitCode (cli/cli.h).
#pragma once
#include <filesystem>
#include <string>

#include "cli/cli.h"
#include "vault/config.h"

namespace dossier {

int command_run(const CommandLine& cl);  // run and note
int command_extract(const CommandLine& cl);
int command_eval(const CommandLine& cl);
int command_init(const CommandLine& cl);
int command_check(const CommandLine& cl);
int command_undo(const CommandLine& cl);
int command_demo(const CommandLine& cl);
int command_rules(const CommandLine& cl);
int command_template(const CommandLine& cl);
int command_trust(const CommandLine& cl);

// dossier.yaml (must exist when --config names it), with --extractor applied.
// A config inside the vault is checked (check_vault_config), and one that
// sends meetings to an LLM endpoint off this machine must have been allowed
// with `dossier trust` (cli/trust.h).
Config load_command_config(const CommandLine& cl);

// The folder --vault names; a UsageError when it is no folder.
std::filesystem::path vault_folder(const CommandLine& cl);

// The vault as the user knows it (absolute): "." is no help in a message from cron.
std::string display_path(const std::filesystem::path& p);

// Refuses (UsageError) a run as root on a vault another user owns: it would
// leave root-owned state behind that locks that user out. --allow-root allows it.
void refuse_foreign_root(const CommandLine& cl, const std::filesystem::path& root);

// Today as YYYY-MM-DD, or $DOSSIER_TODAY when set (reproducible runs).
std::string today();

}  // namespace dossier
