#include "vault/item.h"

#include <array>

namespace dossier {
namespace {

struct KindName {
  ItemKind kind;
  std::string_view name;
};

// One table so that the printed names and the parsed names cannot drift apart.
constexpr std::array<KindName, 8> kKindNames{{
    {ItemKind::decision, "decision"},
    {ItemKind::fact, "fact"},
    {ItemKind::opportunity, "opportunity"},
    {ItemKind::next_step, "next_step"},
    {ItemKind::blocker, "blocker"},
    {ItemKind::contact, "contact"},
    {ItemKind::topic, "topic"},
    {ItemKind::summary, "summary"},
}};

}  // namespace

std::string_view to_string(ItemKind kind) {
  for (const KindName& k : kKindNames)
    if (k.kind == kind) return k.name;
  return "fact";
}

std::string_view to_string(ItemSource source) { return source == ItemSource::llm ? "llm" : "rules"; }

std::optional<ItemKind> parse_item_kind(std::string_view s) {
  for (const KindName& k : kKindNames)
    if (k.name == s) return k.kind;
  return std::nullopt;
}

const std::vector<ItemKind>& all_item_kinds() {
  static const std::vector<ItemKind> kinds = [] {
    std::vector<ItemKind> v;
    for (const KindName& k : kKindNames) v.push_back(k.kind);
    return v;
  }();
  return kinds;
}

void assign_customers(Item& item, std::vector<std::string> customers) {
  item.also.clear();
  if (customers.empty()) {
    item.customer.reset();
    return;
  }
  item.customer = customers.front();
  item.also.assign(customers.begin() + 1, customers.end());
}

}  // namespace dossier
