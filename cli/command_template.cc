#include <iostream>

#include "cli/commands.h"
#include "vault/templates.h"

namespace dossier {

// The built-in customer note template, to copy, edit and name as
// `template:` in dossier.yaml.
int command_template(const CommandLine& cl) {
  if (cl.print) {
    std::cout << *builtin_template("customer.md");
    return kExitOk;
  }
  Config config = load_command_config(cl);
  if (config.template_path.empty())
    std::cout << "template in use: the built-in one ('dossier template --print' shows it)\n";
  else
    std::cout << "template in use: " << config.template_path << "\n";
  return kExitOk;
}

}  // namespace dossier
