#include "pipeline/gold.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <set>

#include "util/error.h"
#include "util/files.h"
#include "util/text.h"
#include "vault/yaml_file.h"

namespace dossier {
namespace {

class GoldReader : public YamlReader {
 public:
  using YamlReader::YamlReader;

  void only_keys(const YAML::Node& map, const std::set<std::string>& known, const std::string& what) const {
    for (const auto& kv : map) {
      if (known.count(kv.first.Scalar())) continue;
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      fail(kv.first, "unknown key '" + kv.first.Scalar() + "' in " + what + " (known: " + list + ")");
    }
  }

  // strings(), or none when `node` is missing or empty.
  std::vector<std::string> optional_strings(const YAML::Node& node, const std::string& key) const {
    if (!node || node.IsNull()) return {};
    return strings(node, key);
  }

  GoldItem item(const YAML::Node& node) const {
    if (!node.IsMap()) fail(node, "an item must be a map {kind, customer, line and/or text}");
    only_keys(node, {"kind", "line", "customer", "text"}, "an item");
    GoldItem g;
    g.gold_line = node.Mark().line + 1;
    if (!node["kind"]) fail(node, "the item has no 'kind'");
    std::string kind = str(node["kind"], "kind");
    std::optional<ItemKind> k = parse_item_kind(kind);
    if (!k)
      fail(node["kind"], "unknown kind '" + kind +
                             "' (decision, fact, opportunity, next_step, blocker, "
                             "contact, topic, summary)");
    g.kind = *k;
    if (!node["customer"]) fail(node, "the item has no 'customer' (a customer name, or null for none)");
    if (!node["customer"].IsNull()) g.customer = str(node["customer"], "customer");
    if (node["line"]) {
      try {
        g.line = node["line"].as<int>();
      } catch (const YAML::Exception&) {
        g.line = 0;
      }
      if (g.line <= 0) fail(node["line"], "'line' must be a positive line number");
    }
    if (node["text"] && !node["text"].IsNull()) g.text = str(node["text"], "text");
    if (g.line == 0 && phrase_key(g.text).empty())
      fail(node, "the item needs a 'line' or a 'text' (a key phrase of the expected item)");
    return g;
  }

  GoldMeeting meeting(const YAML::Node& key, const YAML::Node& node) const {
    GoldMeeting m;
    m.path = str(key, "meeting path");
    m.gold_path = path();
    m.gold_line = key.Mark().line + 1;
    if (node.IsNull()) fail(key, "the meeting '" + m.path + "' has no entry (give at least 'items: []')");
    if (!node.IsMap())
      fail(node, "the meeting '" + m.path + "' must be a map {format, customers, items, must_not}");
    only_keys(node, {"format", "customers", "items", "must_not", "date", "held_by"}, "a meeting");
    if (node["format"]) m.format = str(node["format"], "format");
    if (m.format.empty())
      m.format = m.path.ends_with(".vtt") ? "vtt" : m.path.ends_with(".srt") ? "srt" : "structured";
    m.customers = optional_strings(node["customers"], "customers");
    if (node["date"]) m.date = str(node["date"], "date");
    if (node["held_by"]) m.held_by = str(node["held_by"], "held_by");
    m.must_not = optional_strings(node["must_not"], "must_not");
    for (const std::string& phrase : m.must_not)
      if (phrase_key(phrase).empty()) fail(node["must_not"], "a 'must_not' phrase is empty");
    const YAML::Node& items = node["items"];
    if (items && !items.IsNull()) {
      if (!items.IsSequence()) fail(items, "'items' must be a list");
      for (const YAML::Node& n : items) m.items.push_back(item(n));
    }
    return m;
  }
};

}  // namespace

std::string phrase_key(const std::string& text) {
  std::string folded = casefold(text);
  for (char& c : folded) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalnum(u)) c = ' ';
  }
  return collapse_spaces(folded);
}

Gold parse_gold(const std::string& path, const std::string& yaml) {
  GoldReader r(path);
  YAML::Node root = parse_yaml(yaml, path, "");
  Gold gold;
  gold.path = path;
  if (!root || root.IsNull()) return gold;
  if (!root.IsMap())
    r.fail(root, "a gold file is a map: meeting path -> {format, customers, items, must_not}");
  std::set<std::string> seen;
  for (const auto& kv : root) {
    gold.meetings.push_back(r.meeting(kv.first, kv.second));
    if (!seen.insert(gold.meetings.back().path).second)
      r.fail(kv.first, "the meeting '" + gold.meetings.back().path + "' is listed twice");
  }
  return gold;
}

Gold load_gold(const std::string& path) {
  Result<std::string> bytes = read_file(path);
  if (!bytes) throw ConfigError(path, 1, "cannot read the gold file: " + bytes.failure().message);
  return parse_gold(path, *bytes);
}

}  // namespace dossier
