// Built-in templates compiled from templates/ (customer note, rule set, prompts).
#pragma once
#include <optional>
#include <string_view>

namespace dossier {

// Returns the content of templates/<name> as built into the binary, e.g.
// builtin_template("customer.md") or builtin_template("rules/default.yaml").
std::optional<std::string_view> builtin_template(std::string_view name);

}  // namespace dossier
