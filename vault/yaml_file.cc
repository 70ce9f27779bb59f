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

void YamlReader::fail(const YAML::Node& node, const std::string& message) const {
  fail_at(path_, node, message);
}

std::string YamlReader::str(const YAML::Node& node, const std::string& key) const {
  if (!node.IsScalar()) fail(node, "'" + key + "' must be a string");
  return node.Scalar();
}

std::vector<std::string> YamlReader::strings(const YAML::Node& node, const std::string& key) const {
  if (node.IsScalar()) return {node.Scalar()};
  if (!node.IsSequence()) fail(node, "'" + key + "' must be a list of strings");
  std::vector<std::string> out;
  for (const YAML::Node& item : node) out.push_back(str(item, key));
  return out;
}

}  // namespace dossier
