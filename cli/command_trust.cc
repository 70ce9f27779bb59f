// `dossier trust`: allows this vault's config to send meetings off this machine.
#include <iostream>

#include "cli/commands.h"
#include "cli/trust.h"

namespace dossier {

int command_trust(const CommandLine& cl) {
  Config config = load_command_config(cl);
  if (!needs_trust(config)) {
    if (!cl.quiet) std::cout << "nothing to allow: the config sends nothing off this machine\n";
    return kExitOk;
  }
  record_trust(cl.vault, config);
  if (!cl.quiet)
    std::cout << "allowed: " << cl.vault << " may send meetings to " << config.llm.base_url << " with $"
              << config.llm.api_key_env << " (recorded in " << trust_file().string() << ")\n";
  return kExitOk;
}

}  // namespace dossier
