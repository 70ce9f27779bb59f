#include "vault/frontmatter_yaml.h"

#include <yaml-cpp/yaml.h>

#include <unordered_set>

namespace dossier {

namespace {

// The wiki link `[[Name]]` written unquoted in YAML parses as a sequence
// holding a sequence; give it back as written.
std::optional<std::string> text_of(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  if (node.IsSequence() && node.size() == 1 && node[0].IsSequence() && node[0].size() == 1 &&
      node[0][0].IsScalar()) {
    return "[[" + node[0][0].Scalar() + "]]";
  }
  return std::nullopt;
}

// Looks one level into a list and no deeper: an alias repeated in the list
// is read once per mention, so the work stays linear in the YAML text.
FrontmatterValue value_of(const YAML::Node& node) {
  FrontmatterValue value;
  try {
    if (node.IsScalar()) value.scalar = node.Scalar();
    value.text = text_of(node);
    if (value.text) {
      value.list.push_back(*value.text);
    } else if (node.IsSequence()) {
      for (const YAML::Node& element : node)
        if (auto text = text_of(element)) value.list.push_back(std::move(*text));
    }
  } catch (const YAML::Exception&) {
    value = {};  // a shape yaml-cpp will not walk reads as nothing
  }
  return value;
}

}  // namespace

FrontmatterData frontmatter_data(const YAML::Node& document) {
  FrontmatterData data;
  if (!document.IsMap()) return data;
  data.is_map = true;
  std::unordered_set<std::string> seen;
  for (const auto& entry : document) {
    // Lookups in yaml-cpp match scalar keys by their text, the first of
    // duplicates winning; the view keeps the same entries.
    if (!entry.first.IsScalar() || !seen.insert(entry.first.Scalar()).second) continue;
    data.entries.emplace_back(entry.first.Scalar(), value_of(entry.second));
  }
  return data;
}

}  // namespace dossier
