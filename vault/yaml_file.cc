#include "vault/yaml_file.h"

#include <yaml-cpp/yaml.h>

#include <optional>

#include "util/error.h"
#include "vault/templates.h"

namespace dossier {

YAML::Node parse_yaml(std::string_view text, const std::string& file, std::string_view prefix) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw ConfigError(file, e.mark.line + 1, std::string(prefix) + e.msg);
  }
}

YAML::Node builtin_yaml(std::string_view name) {
  std::string path = "templates/" + std::string(name);
  std::optional<std::string_view> text = builtin_template(name);
  if (!text) throw ConfigError(path, 1, "built-in file missing");
  return parse_yaml(*text, path);
}

void fail_at(const std::string& file, const YAML::Node& node, const std::string& message) {
  throw ConfigError(file, node.Mark().line + 1, message);
}

}  // namespace dossier
