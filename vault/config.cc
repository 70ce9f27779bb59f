#include "vault/config.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <functional>
#include <stdexcept>

#include "util/error.h"
#include "util/files.h"
#include "util/text.h"
#include "vault/item.h"
#include "vault/yaml_file.h"

namespace dossier {
namespace {

// Reads one config value, turning yaml-cpp's conversion errors into
// ConfigError with the value's own line.
class ConfigReader : public YamlReader {
 public:
  using YamlReader::YamlReader;

  template <typename T>
  T scalar(const YAML::Node& node, const std::string& key, const char* what) const {
    try {
      if (!node.IsScalar()) fail(node, "'" + key + "' must be " + what);
      return node.as<T>();
    } catch (const YAML::Exception&) {
      fail(node, "'" + key + "' must be " + what + ", not '" + node.Scalar() + "'");
    }
  }

  template <typename T>
  T positive(const YAML::Node& node, const std::string& key) const {
    T v = scalar<T>(node, key, "a positive number");
    if (!(v > 0)) fail(node, "'" + key + "' must be a positive number");
    return v;
  }
};

using Handler = std::function<void(const YAML::Node&)>;

void apply_map(const ConfigReader& r, const YAML::Node& map, const std::string& where,
               const std::map<std::string, Handler>& handlers) {
  if (!map.IsMap())
    r.fail(map, where.empty() ? "the config must be a map of keys" : "'" + where + "' must be a map");
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    auto it = handlers.find(key);
    if (it == handlers.end()) {
      std::string known;
      for (const auto& h : handlers) known += (known.empty() ? "" : ", ") + h.first;
      r.fail(kv.first,
             "unknown key '" + (where.empty() ? "" : where + ".") + key + "' (known: " + known + ")");
    }
    // An empty value's own mark points at the next token, often on a later
    // line: report it on the key's line instead.
    if (kv.second.IsNull())
      r.fail(kv.first, "'" + (where.empty() ? "" : where + ".") + key + "' has no value");
    it->second(kv.second);
  }
}

void read_llm(const ConfigReader& r, const YAML::Node& node, LlmConfig& llm) {
  apply_map(
      r, node, "llm",
      {
          {"base_url", [&](const YAML::Node& n) { llm.base_url = r.str(n, "llm.base_url"); }},
          {"model", [&](const YAML::Node& n) { llm.model = r.str(n, "llm.model"); }},
          {"api_key_env", [&](const YAML::Node& n) { llm.api_key_env = r.str(n, "llm.api_key_env"); }},
          {"timeout_s", [&](const YAML::Node& n) { llm.timeout_s = r.positive<double>(n, "llm.timeout_s"); }},
          {"concurrency",
           [&](const YAML::Node& n) { llm.concurrency = r.positive<int>(n, "llm.concurrency"); }},
          {"max_retries",
           [&](const YAML::Node& n) {
             llm.max_retries = r.scalar<int>(n, "llm.max_retries", "a whole number");
             if (llm.max_retries < 0) r.fail(n, "'llm.max_retries' must not be negative");
           }},
          {"chunk_tokens",
           [&](const YAML::Node& n) { llm.chunk_tokens = r.positive<int>(n, "llm.chunk_tokens"); }},
          {"chunk_overlap_lines",
           [&](const YAML::Node& n) {
             llm.chunk_overlap_lines = r.scalar<int>(n, "llm.chunk_overlap_lines", "a whole number");
             if (llm.chunk_overlap_lines < 0) r.fail(n, "'llm.chunk_overlap_lines' must not be negative");
           }},
          {"prompt", [&](const YAML::Node& n) { llm.prompt = r.str(n, "llm.prompt"); }},
      });
}

void read_sections(const ConfigReader& r, const YAML::Node& node, Config& config) {
  if (!node.IsMap()) r.fail(node, "'sections' must be a map from item kind to heading");
  for (const auto& kv : node) {
    const std::string kind = kv.first.Scalar();
    if (!parse_item_kind(kind) && kind != "people")
      r.fail(kv.first, "unknown item kind '" + kind + "' in 'sections'");
    if (kv.second.IsNull()) r.fail(kv.first, "'sections." + kind + "' has no value");
    config.sections[kind] = r.str(kv.second, "sections." + kind);
    if (config.sections[kind].empty()) r.fail(kv.second, "'sections." + kind + "' must not be empty");
  }
  // Topics (one line), Recent Context and Related People have layouts of
  // their own: a section cannot hold one of them and anything else.
  for (const char* own : {"topic", "summary", "people"})
    for (const auto& [kind, heading] : config.sections)
      if (kind != own && casefold(heading) == casefold(config.sections[own]))
        r.fail(node, "'sections." + std::string(own) + "' and 'sections." + kind +
                         "' name the same section '" + heading + "'");
}

void read_config(const ConfigReader& r, const YAML::Node& root, Config& c) {
  apply_map(
      r, root, "",
      {
          {"meetings", [&](const YAML::Node& n) { c.meetings = r.strings(n, "meetings"); }},
          {"customers", [&](const YAML::Node& n) { c.customers_folder = r.str(n, "customers"); }},
          {"people", [&](const YAML::Node& n) { c.people_folder = r.str(n, "people"); }},
          {"template", [&](const YAML::Node& n) { c.template_path = r.str(n, "template"); }},
          {"create_customers",
           [&](const YAML::Node& n) {
             c.create_customers = r.scalar<bool>(n, "create_customers", "true or false");
           }},
          {"create_people",
           [&](const YAML::Node& n) {
             c.create_people = r.scalar<bool>(n, "create_people", "true or false");
           }},
          {"extractor",
           [&](const YAML::Node& n) {
             try {
               c.extractor = parse_extractor_kind(r.str(n, "extractor"));
             } catch (const std::invalid_argument& e) {
               r.fail(n, e.what());
             }
           }},
          {"rules", [&](const YAML::Node& n) { c.rules = r.strings(n, "rules"); }},
          {"llm", [&](const YAML::Node& n) { read_llm(r, n, c.llm); }},
          {"sections", [&](const YAML::Node& n) { read_sections(r, n, c); }},
          {"own_company", [&](const YAML::Node& n) { c.own_company = r.str(n, "own_company"); }},
          {"organizations", [&](const YAML::Node& n) { c.organizations = r.strings(n, "organizations"); }},
          {"dedupe_threshold",
           [&](const YAML::Node& n) {
             c.dedupe_threshold = r.scalar<double>(n, "dedupe_threshold", "a number between 0 and 1");
             if (c.dedupe_threshold <= 0 || c.dedupe_threshold > 1)
               r.fail(n, "'dedupe_threshold' must be a number between 0 and 1");
           }},
          {"resurrect",
           [&](const YAML::Node& n) { c.resurrect = r.scalar<bool>(n, "resurrect", "true or false"); }},
          {"settle_s",
           [&](const YAML::Node& n) {
             c.settle_s = r.scalar<int>(n, "settle_s", "a number of seconds, 0 or more");
             if (c.settle_s < 0) r.fail(n, "'settle_s' must be a number of seconds, 0 or more");
           }},
          {"recent_context_lines",
           [&](const YAML::Node& n) {
             c.recent_context_lines =
                 r.scalar<int>(n, "recent_context_lines", "a number of lines, 0 or more");
             if (c.recent_context_lines < 0)
               r.fail(n, "'recent_context_lines' must be 0 or more (0: keep every line)");
           }},
          {"history_after_days",
           [&](const YAML::Node& n) {
             c.history_after_days = r.scalar<int>(n, "history_after_days", "a number of days, 0 or more");
             if (c.history_after_days < 0) r.fail(n, "'history_after_days' must be 0 or more (0: never)");
           }},
          {"max_file_bytes",
           [&](const YAML::Node& n) { c.max_file_bytes = r.positive<size_t>(n, "max_file_bytes"); }},
      });
}

}  // namespace

std::map<std::string, std::string> Config::default_sections() {
  return {{"decision", "Key Decisions"},   {"fact", "Key Facts"},         {"opportunity", "Opportunities"},
          {"blocker", "Current Blockers"}, {"next_step", "Next Steps"},   {"contact", "Key Contacts"},
          {"topic", "Topics / Themes"},    {"summary", "Recent Context"}, {"people", "Related People"}};
}

ExtractorKind parse_extractor_kind(const std::string& s) {
  if (s == "rules") return ExtractorKind::rules;
  if (s == "llm") return ExtractorKind::llm;
  if (s == "hybrid") return ExtractorKind::hybrid;
  throw std::invalid_argument("'extractor' must be rules, llm or hybrid, not '" + s + "'");
}

namespace {

// "a/b/" -> "a/b"; "" and "." stay as they are.
std::string folder_key(const std::string& folder) {
  std::string normal = std::filesystem::path(folder).lexically_normal().generic_string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

bool contains_folder(const std::string& outer, const std::string& inner) {
  return inner == outer || inner.starts_with(outer + "/");
}

// Every note in the customers folder is a customer note that dossier edits:
// a folder that holds the whole vault, or the people notes, would turn
// people, daily and meeting notes into customer notes.
void check_folders(const Config& config, const std::string& path) {
  std::string customers = folder_key(config.customers_folder), people = folder_key(config.people_folder);
  auto bad = [&](const std::string& key, const std::string& why) {
    throw ConfigError(path, 1, key + ": " + why);
  };
  for (const auto& [key, folder] : {std::pair{"customers", customers}, std::pair{"people", people}}) {
    if (folder.empty() || folder == ".")
      bad(key, "must name a folder inside the vault, not the vault itself (e.g. '" +
                   std::string(key == std::string("customers") ? "Customers" : "People") + "')");
    if (std::filesystem::path(folder).is_absolute() || folder == ".." || folder.starts_with("../"))
      bad(key, "must be a folder inside the vault, relative to it: '" + folder + "' is not");
  }
  if (contains_folder(customers, people) || contains_folder(people, customers))
    bad("customers", "the customers folder '" + customers + "' and the people folder '" + people +
                         "' must not contain each other");
}

}  // namespace

Config load_config(const std::string& path, bool must_exist) {
  Config config;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (must_exist) throw ConfigError(path, 1, "config file does not exist");
    return config;
  }
  FileRead file = read_regular_file(path, config.max_file_bytes);
  if (file.status != FileRead::ok) throw ConfigError(path, 1, "cannot read config file: " + file.message());
  YAML::Node root = parse_yaml(file.bytes, path, "YAML error: ");
  if (root.IsNull()) return config;
  read_config(ConfigReader(path), root, config);
  check_folders(config, path);
  return config;
}

std::string read_config_file(const std::filesystem::path& vault_root, const std::string& relative,
                             const std::string& key, const Config& config) {
  std::filesystem::path rel(relative);
  std::filesystem::path normal = rel.lexically_normal();
  if (config.in_vault && (rel.is_absolute() || normal.empty() || *normal.begin() == ".." ||
                          !is_inside(vault_root, vault_root / normal)))
    throw ConfigError(
        relative, 1,
        key +
            " must name a file inside the vault (a dossier.yaml in the vault may not read other "
            "files; name it in a config of your own outside the vault, given with --config)");
  std::filesystem::path path = rel.is_absolute() ? rel : vault_root / rel;
  FileRead file = read_regular_file(path, config.max_file_bytes);
  // Named by its full path: a relative one in a message from cron says nothing.
  if (file.status != FileRead::ok)
    throw ConfigError(path.lexically_normal().string(), 1,
                      "cannot read the " + key + " file: " + file.message() + " ('" + key +
                          ":' in dossier.yaml names files relative to the vault)");
  return std::move(file.bytes);
}

bool looks_like_api_key_name(const std::string& variable) {
  std::string upper;
  for (char c : variable) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::string_view suffix : {"API_KEY", "APIKEY", "API_TOKEN"})
    if (upper.ends_with(suffix)) return true;
  return false;
}

void check_vault_config(const Config& config, const std::string& path) {
  if (!config.llm.api_key_env.empty() && !looks_like_api_key_name(config.llm.api_key_env))
    throw ConfigError(
        path, 1,
        "llm.api_key_env: '" + config.llm.api_key_env +
            "' is not named like an API key (NAME_API_KEY); a dossier.yaml in the vault may not send "
            "other variables: rename the variable, or name it in a config of your own outside the "
            "vault (--config)");
}

}  // namespace dossier
