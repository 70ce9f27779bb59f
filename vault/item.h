// What extractors produce: items with provenance.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

enum class ItemKind { decision, fact, opportunity, next_step, blocker, contact, topic, summary };

std::string_view to_string(ItemKind kind);
std::optional<ItemKind> parse_item_kind(std::string_view s);

// Which extractor found an item.
enum class ItemSource { rules, llm };
std::string_view to_string(ItemSource source);  // "rules", "llm"
const std::vector<ItemKind>& all_item_kinds();

struct Item {
  ItemKind kind = ItemKind::fact;
  std::string text;                     // normalised wording, markers stripped
  std::optional<std::string> customer;  // customer name, or none
  // Further customers of an item shared by a meeting with several customers
  // that does not tell them apart (it goes to `customer` and each of these).
  std::vector<std::string> also;
  int line = 0;  // 1-based line in the meeting file
  ItemSource extractor = ItemSource::rules;
  std::string speaker;  // transcript speaker, when known; for a
                        // summary, our person who held the meeting
  std::string due;      // next steps: due date "YYYY-MM-DD", when one was said
  bool theirs = false;  // a next step the customer's side owns: recorded, not the user's task

  bool operator==(const Item&) const = default;
};

// Sets `customer` to the first of `customers` and `also` to the rest.
void assign_customers(Item& item, std::vector<std::string> customers);

// A line the noise stage kept out of every customer note, and why
// ("boilerplate: Otter", "pleasantry", "personal").
struct DroppedItem {
  std::string text;
  int line = 0;
  std::string reason;
};

// The result of extracting one meeting (the JSON of `dossier extract`).
struct Extraction {
  std::vector<std::string> customers;  // customers the meeting concerns, in order of first evidence
  // The customers the meeting is with (frontmatter, attendees, title): each
  // gets a Recent Context line, whether or not an item names it.
  std::vector<std::string> meeting_customers;
  std::vector<Item> items;  // in line order
  // Everyone shown attending (frontmatter, attendee lines, speakers), with the
  // name of their People note where they have one.
  std::vector<std::string> attendees;
  int dropped_ungrounded = 0;        // LLM items whose quote was not in the note
  std::vector<DroppedItem> dropped;  // noise, in line order
  std::string language;              // the meeting's language as the rules read it ("en", "de"); may be empty
};

}  // namespace dossier
