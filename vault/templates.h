// Built-in files compiled from templates/ (customer note, rule set, prompts,
// the example vault of `dossier demo`).
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace dossier {

// Returns the content of templates/<name> as built into the binary, e.g.
// builtin_template("customer.md") or builtin_template("rules/default.yaml").
std::optional<std::string_view> builtin_template(std::string_view name);

// Names of the built-in files starting with `prefix`, sorted, e.g. every
// file of the example vault under "demo/".
std::vector<std::string_view> builtin_template_names(std::string_view prefix);

}  // namespace dossier
