#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "util/files.h"
#include "vault/templates.h"

namespace fs = std::filesystem;

namespace dossier {

// Sets up a vault: a commented dossier.yaml and the folders it names.
// Never overwrites anything that exists.
int command_init(const CommandLine& cl) {
  fs::path root = cl.vault;
  fs::create_directories(root);
  fs::path config_path = cl.config_given ? fs::path(cl.config) : root / "dossier.yaml";
  if (fs::exists(fs::symlink_status(config_path))) {
    if (!cl.quiet) std::cout << config_path.string() << " exists; left as it is\n";
  } else {
    write_file_atomic(config_path, *builtin_template("dossier.yaml"));
    if (!cl.quiet) std::cout << "created " << config_path.string() << "\n";
  }
  Config config = load_command_config(cl);
  for (const std::string& folder : {config.customers_folder, config.people_folder, std::string("Meetings")}) {
    if (fs::exists(root / folder)) continue;
    fs::create_directories(root / folder);
    if (!cl.quiet) std::cout << "created " << (root / folder).string() << "/\n";
  }
  return kExitOk;
}

}  // namespace dossier
