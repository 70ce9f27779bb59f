// What the commands share: their config, the vault folder, today's date.
#include "cli/commands.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>

#include "cli/trust.h"
#include "util/error.h"
#include "util/files.h"
#include "vault/vault.h"

namespace fs = std::filesystem;

namespace dossier {

// $DOSSIER_TODAY pins the date for reproducible runs (tests, golden files).
std::string today() {
  if (const char* pinned = std::getenv("DOSSIER_TODAY"); pinned && *pinned) return pinned;
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[11];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return buf;
}

Config load_command_config(const CommandLine& cl) {
  Config config = load_config(cl.config, cl.config_given);
  if (cl.extractor) config.extractor = parse_extractor_kind(*cl.extractor);
  config.in_vault = is_inside(cl.vault, cl.config);
  if (config.in_vault) check_vault_config(config, cl.config);
  if (cl.command != "trust" && needs_trust(config) && !is_trusted(cl.vault, config))
    throw ConfigError(cl.config, 1,
                      "this vault's dossier.yaml sends meeting text to " + config.llm.base_url +
                          " (key from $" + config.llm.api_key_env +
                          "); if you trust that, run `dossier trust --vault " + cl.vault +
                          "` once (asked again when the endpoint changes)");
  return config;
}

// The vault as the user knows it: "." is no help in a message from cron.
std::string display_path(const fs::path& p) {
  std::error_code ec;
  fs::path absolute = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? p.string() : absolute.string();
}

// A run as root on a user's vault would leave root-owned state behind that
// locks the user out (notes keep their owner: see guarded_write.h).
void refuse_foreign_root(const CommandLine& cl, const fs::path& root) {
  struct stat st {};
  if (::geteuid() != 0 || cl.allow_root || ::stat(root.c_str(), &st) != 0 || st.st_uid == 0) return;
  throw UsageError("running as root on a vault owned by uid " + std::to_string(st.st_uid) +
                   ": run as that user, or pass --allow-root");
}

fs::path vault_folder(const CommandLine& cl) {
  fs::path root = cl.vault;
  if (!fs::is_directory(root)) throw UsageError("the vault is not a folder: " + cl.vault);
  return root;
}

}  // namespace dossier
