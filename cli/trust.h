// Which LLM endpoints the user allowed a vault's own dossier.yaml to use.
// Whoever can edit a shared (synced, git) vault can edit its dossier.yaml;
// sending every meeting's text and an API key somewhere else must be the
// user's decision, taken once per endpoint, as direnv does for .envrc.
#pragma once
#include <filesystem>
#include <string>

#include "vault/config.h"

namespace dossier {

// The file of allowed endpoints: $XDG_CONFIG_HOME/dossier/trusted, else
// ~/.config/dossier/trusted. One line per vault and endpoint.
std::filesystem::path trust_file();

// Does `config` (read from inside `vault`) need the user's leave? Only when
// it sends meetings to an LLM (extractor llm or hybrid) on another machine.
bool needs_trust(const Config& config);

bool is_trusted(const std::filesystem::path& vault, const Config& config);
void record_trust(const std::filesystem::path& vault, const Config& config);

// "http://host:port/v1" -> "host"; "[::1]" for IPv6.
std::string url_host(const std::string& url);

}  // namespace dossier
