#include <iostream>

#include "cli/commands.h"
#include "vault/templates.h"

namespace dossier {

// The built-in rule set is the documentation of the rule format: an
// installed user has no templates/ folder to read it in.
int command_rules(const CommandLine& cl) {
  if (cl.print) {
    std::cout << *builtin_template("rules/default.yaml");
    return kExitOk;
  }
  Config config = load_command_config(cl);
  std::cout << "rules in use: the built-in set ('dossier rules --print' shows it)";
  for (const std::string& file : config.rules) std::cout << ", " << file;
  std::cout << "\n";
  return kExitOk;
}

}  // namespace dossier
