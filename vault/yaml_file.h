// Reading YAML data files (config, rule and word lists, gold labels) so that
// every problem is reported as "path:line: message". The YAML type is only
// declared here: the .cc files that read YAML include yaml-cpp, nothing else
// has to.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace YAML {
class Node;
}  // namespace YAML

namespace dossier {

// The document `text` holds, read from `file`. A syntax error throws
// ConfigError at the 1-based line yaml-cpp marks, its message after `prefix`.
YAML::Node parse_yaml(std::string_view text, const std::string& file,
                      std::string_view prefix = "invalid YAML: ");

// The document of the built-in templates/<name>, reported as that path.
YAML::Node builtin_yaml(std::string_view name);

// Throws ConfigError(file, the 1-based line of `node`, message).
[[noreturn]] void fail_at(const std::string& file, const YAML::Node& node, const std::string& message);

// Reads the values of one YAML file; each problem is a ConfigError at the
// line of the node it is about.
class YamlReader {
 public:
  explicit YamlReader(std::string path) : path_(std::move(path)) {}
  const std::string& path() const { return path_; }
  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const;
  // The string `node` holds; "'key' must be a string" otherwise.
  std::string str(const YAML::Node& node, const std::string& key) const;
  // A string or a list of strings; "'key' must be a list of strings" otherwise.
  std::vector<std::string> strings(const YAML::Node& node, const std::string& key) const;

 private:
  std::string path_;
};

}  // namespace dossier
