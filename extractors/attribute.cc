#include "extractors/attribute.h"

#include <algorithm>
#include <deque>

namespace dossier {
namespace {

struct Names {
  std::vector<std::string> customers;
  bool other_org = false;

  void add(const std::vector<Mention>& mentions) {
    for (const Mention& m : mentions) {
      if (!m.is_customer)
        other_org = true;
      else if (std::find(customers.begin(), customers.end(), m.name) == customers.end())
        customers.push_back(m.name);
    }
  }
};

struct OpenHeading {
  size_t block = 0;
  int level = 0;
};

void decide_heading(const std::vector<OpenHeading>& stack, const std::vector<Names>& titles,
                    BlockContext& out) {
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    const Names& t = titles[it->block];
    if (t.customers.size() == 1) out.heading_customer = t.customers[0];
    if (!t.customers.empty() || t.other_org) break;
  }
}

// Every block's stack of enclosing headings (innermost last).
std::vector<std::vector<OpenHeading>> heading_stacks(const std::vector<Block>& blocks) {
  std::vector<std::vector<OpenHeading>> stacks(blocks.size());
  std::vector<OpenHeading> stack;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    if (b.kind == BlockKind::heading) {
      while (!stack.empty() && stack.back().level >= b.heading_level) stack.pop_back();
      stack.push_back({i, b.heading_level});
    } else {
      while (!stack.empty() && stack.back().level > b.heading_level) stack.pop_back();
    }
    stacks[i] = stack;
  }
  return stacks;
}

// "Quantix announced a price cut" is about Quantix; "send pilot terms to
// Corvid" is about whoever the pilot is for. An organisation is the subject
// when the item opens with it (after an optional article).
bool is_subject(std::string_view text, const Mention& m) {
  std::string_view head = text.substr(0, m.offset);
  return head.empty() || head == "The " || head == "the ";
}

}  // namespace

std::vector<BlockContext> block_contexts(const std::vector<Block>& blocks, const CustomerMatcher& matcher) {
  std::vector<BlockContext> out(blocks.size());
  std::vector<std::vector<OpenHeading>> stacks = heading_stacks(blocks);
  std::vector<Names> own(blocks.size());
  for (size_t i = 0; i < blocks.size(); ++i)
    if (!blocks[i].in_code) own[i].add(matcher.find_mentions(blocks[i].text));
  std::deque<size_t> recent_turns;
  for (size_t i = 0; i < blocks.size(); ++i) {
    decide_heading(stacks[i], own, out[i]);
    if (blocks[i].kind != BlockKind::turn) continue;
    recent_turns.push_back(i);
    if (recent_turns.size() > static_cast<size_t>(kStretchTurns) + 1) recent_turns.pop_front();
    for (auto it = recent_turns.rbegin(); it != recent_turns.rend(); ++it) {
      const Names& n = own[*it];
      if (n.customers.size() == 1) out[i].stretch_customer = n.customers[0];
      if (!n.customers.empty() || n.other_org) break;  // the latest named subject decides
    }
  }
  return out;
}

std::vector<std::string> attribute_item(std::string_view item_text, const BlockContext& context,
                                        const std::vector<std::string>& meeting_customers,
                                        const CustomerMatcher& matcher) {
  bool about_other_org = false;
  for (const Mention& m : matcher.find_mentions(item_text)) {
    if (m.is_customer) return {m.name};
    if (!about_other_org) about_other_org = is_subject(item_text, m);
  }
  // News about another organisation alone is theirs; in a meeting with a
  // customer, its part in the customer's deal (a competitor's quote) stays.
  if (about_other_org && (meeting_customers.empty() || !matcher.speaks_of_a_deal(item_text))) return {};
  if (!context.heading_customer.empty()) return {context.heading_customer};
  if (meeting_customers.empty()) return {};
  if (meeting_customers.size() == 1) return meeting_customers;
  if (!context.stretch_customer.empty()) return {context.stretch_customer};
  return meeting_customers;
}

}  // namespace dossier
