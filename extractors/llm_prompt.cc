// Building LLM requests: chunks of the meeting text, prompts from the
// template, the request body, and the cache key.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "extractors/llm_extractor.h"
#include "util/error.h"
#include "util/text.h"
#include "vault/templates.h"

namespace dossier {
namespace {

constexpr std::string_view kUserMarker = "<!-- user -->";
constexpr std::string_view kDefaultUser = "<meeting-note>\n{{note}}\n</meeting-note>\n";

std::string customer_list(const VaultIndex& vault) {
  std::string out;
  for (const Customer& c : vault.customers()) {
    out += "- " + c.name;
    if (!c.aliases.empty()) out += " (also: " + join(c.aliases, ", ") + ")";
    out += "\n";
  }
  if (out.empty()) return "(none)";
  out.pop_back();
  return out;
}

std::string not_customer_list(const VaultIndex& vault) {
  std::vector<std::string> names;
  if (!vault.own_company.empty()) names.push_back(vault.own_company + " (our own company)");
  names.insert(names.end(), vault.other_organizations.begin(), vault.other_organizations.end());
  if (names.empty()) return "(none)";
  return "- " + join(names, "\n- ");
}

std::string kind_list() {
  std::vector<std::string> kinds;
  for (ItemKind k : all_item_kinds()) kinds.emplace_back(to_string(k));
  return join(kinds, ", ");
}

std::string expand(std::string_view tmpl, const std::map<std::string, std::string, std::less<>>& vars) {
  return expand_placeholders(tmpl, [&](std::string_view key) -> std::optional<std::string> {
    auto it = vars.find(key);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  });
}

}  // namespace

std::vector<TextChunk> chunk_text(std::string_view text, int chunk_tokens, int overlap_lines) {
  std::vector<size_t> starts;  // byte offset of each line
  for (size_t at = 0; at < text.size();) {
    starts.push_back(at);
    size_t nl = text.find('\n', at);
    at = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  const size_t n = starts.size();
  auto line_end = [&](size_t i) { return i + 1 < n ? starts[i + 1] : text.size(); };
  const size_t budget = static_cast<size_t>(std::max(chunk_tokens, 1)) * 4;
  const size_t overlap = static_cast<size_t>(std::max(overlap_lines, 0));
  std::vector<TextChunk> chunks;
  for (size_t first = 0; first < n;) {
    size_t last = first;  // exclusive end line
    while (last < n && (last == first || line_end(last) - starts[first] <= budget)) ++last;
    chunks.push_back(
        {starts[first], line_end(last - 1), static_cast<int>(first) + 1, static_cast<int>(last)});
    if (last == n) break;
    first = std::max(first + 1, last > overlap ? last - overlap : 0);
  }
  return chunks;
}

Prompt build_prompt(std::string_view prompt_template, const Meeting& meeting, const VaultIndex& vault,
                    std::string_view chunk, const TextChunk& where, int part, int parts) {
  std::map<std::string, std::string, std::less<>> vars = {
      {"customers", customer_list(vault)},
      {"not_customers", not_customer_list(vault)},
      {"kinds", kind_list()},
      {"title", meeting.title},
      {"date", meeting.date.empty() ? "unknown" : meeting.date},
      {"attendees", meeting.attendees.empty() ? "unknown" : join(meeting.attendees, ", ")},
      {"path", meeting.path},
      {"part", std::to_string(part)},
      {"parts", std::to_string(parts)},
      {"first_line", std::to_string(where.first_line)},
      {"last_line", std::to_string(where.last_line)},
      {"note", std::string(chunk)},
  };
  std::string_view system = prompt_template, user = kDefaultUser;
  size_t marker = prompt_template.find(kUserMarker);
  if (marker != std::string_view::npos) {
    system = prompt_template.substr(0, marker);
    user = prompt_template.substr(marker + kUserMarker.size());
    if (user.starts_with("\r\n"))
      user.remove_prefix(2);
    else if (user.starts_with("\n"))
      user.remove_prefix(1);
  }
  return {expand(system, vars), expand(user, vars)};
}

std::string items_json_schema() {
  std::vector<std::string> kinds;
  for (ItemKind k : all_item_kinds()) kinds.emplace_back(to_string(k));
  nlohmann::json item = {{"type", "object"},
                         {"properties",
                          {{"kind", {{"type", "string"}, {"enum", kinds}}},
                           {"text", {{"type", "string"}}},
                           {"customer", {{"type", {"string", "null"}}}},
                           {"quote", {{"type", "string"}}}}},
                         {"required", {"kind", "text", "customer", "quote"}},
                         {"additionalProperties", false}};
  nlohmann::json schema = {{"type", "object"},
                           {"properties", {{"items", {{"type", "array"}, {"items", item}}}}},
                           {"required", {"items"}},
                           {"additionalProperties", false}};
  return schema.dump();
}

std::string build_request_body(const LlmConfig& config, const Prompt& prompt) {
  nlohmann::json body = {
      {"model", config.model},
      {"temperature", 0},
      {"messages",
       {{{"role", "system"}, {"content", prompt.system}}, {{"role", "user"}, {"content", prompt.user}}}},
      {"response_format",
       {{"type", "json_schema"},
        {"json_schema",
         {{"name", "dossier_items"},
          {"strict", true},
          {"schema", nlohmann::json::parse(items_json_schema())}}}}}};
  return body.dump();
}

std::string llm_cache_key(std::string_view model, const Prompt& prompt) {
  // Length-prefixed fields so ("ab","c") and ("a","bc") differ; two FNV-1a
  // passes with different bases give 128 bits, plenty for a local cache.
  std::string material = "dossier-llm-v1\n";
  for (std::string_view field : {model, std::string_view(prompt.system), std::string_view(prompt.user)})
    material += std::to_string(field.size()) + ":" + std::string(field) + "\n";
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(fnv1a(material)),
                static_cast<unsigned long long>(fnv1a(material, 0x84222325cbf29ce4ULL)));
  return hex;
}

std::string load_llm_prompt(const std::filesystem::path& vault_root, const LlmConfig& config) {
  if (config.prompt.empty()) {
    auto builtin = builtin_template("prompts/extract.md");
    if (!builtin) throw ConfigError("prompts/extract.md", 1, "built-in LLM prompt is missing");
    return std::string(*builtin);
  }
  // The prompt decides what is sent where: always from inside the vault.
  Config confined;
  return read_config_file(vault_root, config.prompt, "llm.prompt", confined);
}

}  // namespace dossier
