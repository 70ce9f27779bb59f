#include "cli/trust.h"

#include <cstdlib>

#include "util/files.h"
#include "util/text.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

// One line: the vault's real path, the endpoint and the key's variable.
std::string trust_line(const fs::path& vault, const Config& config) {
  std::error_code ec;
  fs::path real = fs::weakly_canonical(fs::absolute(vault, ec), ec);
  return real.string() + "\t" + config.llm.base_url + "\t" + config.llm.api_key_env;
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "[::1]" || host.starts_with("127.");
}

}  // namespace

fs::path trust_file() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    return fs::path(xdg) / "dossier" / "trusted";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".config" / "dossier" / "trusted";
}

std::string url_host(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t at = url.find('@', start);
  size_t slash = url.find('/', start);
  if (at != std::string::npos && at < slash) start = at + 1;
  if (start < url.size() && url[start] == '[') return url.substr(start, url.find(']', start) + 1 - start);
  size_t end = url.find_first_of(":/?#", start);
  return casefold(url.substr(start, end == std::string::npos ? std::string::npos : end - start));
}

bool needs_trust(const Config& config) {
  return config.in_vault && config.extractor != ExtractorKind::rules &&
         !is_loopback(url_host(config.llm.base_url));
}

bool is_trusted(const fs::path& vault, const Config& config) {
  Result<std::string> text = read_file(trust_file());
  if (!text) return false;
  std::string wanted = trust_line(vault, config);
  for (std::string_view line : split_lines(*text))
    if (trim(line) == wanted) return true;
  return false;
}

void record_trust(const fs::path& vault, const Config& config) {
  if (is_trusted(vault, config)) return;
  fs::path file = trust_file();
  fs::create_directories(file.parent_path());
  std::string text = read_file(file).value_or("");
  if (!text.empty() && text.back() != '\n') text += "\n";
  write_file_atomic(file, text + trust_line(vault, config) + "\n");
}

}  // namespace dossier
