// Reading YAML data files (config, rule and word lists, gold labels) so that
// every problem is reported as "path:line: message". The YAML type is only
// declared here: the .cc files that read YAML include yaml-cpp, nothing else
// has to.
#pragma once
#include <string>
#include <string_view>

namespace YAML {
class Node;
}  // namespace YAML

namespace dossier {

// The document `text` holds, read from `file`. A syntax error throws
// ConfigError at the 1-based line yaml-cpp marks, its message after `prefix`.
YAML::Node parse_yaml(std::string_view text, const std::string& file, std::string_view prefix = "invalid YAML: ");

// The document of the built-in templates/<name>, reported as that path.
YAML::Node builtin_yaml(std::string_view name);

// Throws ConfigError(file, the 1-based line of `node`, message).
[[noreturn]] void fail_at(const std::string& file, const YAML::Node& node, const std::string& message);

}  // namespace dossier
