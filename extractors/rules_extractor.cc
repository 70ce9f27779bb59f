#include "extractors/rules_extractor.h"

#include <algorithm>
#include <set>

#include "extractors/attribute.h"
#include "extractors/dialogue.h"
#include "extractors/extract_people.h"
#include "extractors/noise.h"
#include "extractors/normalize.h"
#include "extractors/ownership.h"
#include "extractors/segment.h"
#include "extractors/speech.h"
#include "extractors/whole_meeting_items.h"
#include "util/text.h"

namespace dossier {
namespace {

struct Unit {
  size_t begin = 0, end = 0;  // span of the block's text
  int line = 0;
};

// Bullets and tasks are one unit; paragraphs and turns one unit per sentence.
std::vector<Unit> units_of(const Block& block) {
  std::vector<Unit> units;
  if (block.kind == BlockKind::bullet || block.kind == BlockKind::task) {
    units.push_back({0, block.text.size(), block.line});
    return units;
  }
  for (auto [begin, end] : split_sentences(block.text)) units.push_back({begin, end, block.line_at(begin)});
  return units;
}

// An item one of the extraction paths found, with the block it came from,
// before the noise stage and attribution.
struct Found {
  Item item;
  size_t block = 0;
};

bool is_commitment(ItemKind kind) { return kind == ItemKind::decision || kind == ItemKind::next_step; }

// The kind a unit gets from markers, tasks, its section and cues; nullopt if none.
std::optional<ItemKind> classify(const Block& block, std::string_view masked, std::optional<ItemKind> section,
                                 const RuleSet& rules, size_t& marker_length) {
  marker_length = 0;
  if (auto marker = match_marker(rules, masked)) {
    marker_length = marker->length;
    return marker->kind;  // explicit markers win over hedges and headings
  }
  if (block.kind == BlockKind::task)  // a ticked-off task is no longer anything to do
    return block.done ? std::nullopt : std::optional<ItemKind>(ItemKind::next_step);
  if (section && *section != ItemKind::fact) {
    if (*section == ItemKind::contact || *section == ItemKind::summary) return std::nullopt;
    if (is_commitment(*section) && is_hedged(rules, masked)) return std::nullopt;
    return section;
  }
  // Fact headings ("Notes") are catch-alls: a cue of another kind wins, and
  // an idea only floated ("we could maybe...") is not a fact either.
  if (section == ItemKind::fact) {
    auto cue = match_cue(rules, masked);
    // A plan or a problem is one even when hedged ("maybe another 2 PB next year").
    if (cue && (cue->kind == ItemKind::opportunity || cue->kind == ItemKind::blocker)) return cue->kind;
    if (is_hedged(rules, masked)) return std::nullopt;
    return cue ? cue->kind : ItemKind::fact;
  }
  auto cue = match_cue(rules, masked);
  if (!cue) return std::nullopt;
  if (is_commitment(cue->kind) && is_hedged(rules, masked)) return std::nullopt;
  return cue->kind;
}

// "Orbis runs 14 clinics", "Maison Ferrand gère 40 boutiques": a sentence
// that opens with a customer's name and states a figure is a fact about it.
bool is_customer_figure(std::string_view sentence, const CustomerMatcher& matcher, const RuleSet& rules) {
  if (std::none_of(sentence.begin(), sentence.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  if (is_hedged(rules, sentence)) return false;
  std::vector<Mention> mentions = matcher.find_mentions(sentence.substr(0, 80));
  return !mentions.empty() && mentions.front().is_customer && mentions.front().offset == 0;
}

// The kind of the nearest enclosing heading the rules know, per block.
std::vector<std::optional<ItemKind>> section_kinds(const std::vector<Block>& blocks, const RuleSet& rules) {
  std::vector<std::optional<ItemKind>> out(blocks.size());
  std::vector<std::pair<int, std::optional<ItemKind>>> stack;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    bool heading = b.kind == BlockKind::heading;
    while (!stack.empty() &&
           (heading ? stack.back().first >= b.heading_level : stack.back().first > b.heading_level))
      stack.pop_back();
    if (heading) {
      stack.emplace_back(b.heading_level, heading_kind(rules, b.text));
      continue;
    }
    for (auto it = stack.rbegin(); it != stack.rend() && !out[i]; ++it) out[i] = it->second;
  }
  return out;
}

// Decisions and next steps the conversation shows (dialogue.h) where no
// cue rule already put one of that kind on that line, nor an opportunity: a
// plan the customer mentions is not a commitment of the meeting.
void add_dialogue_items(const std::vector<Block>& blocks, const DialogueModel& model,
                        std::vector<Found>& found) {
  std::vector<DialogueSentence> sentences = dialogue_sentences(blocks, model);
  if (sentences.empty()) return;
  size_t turns = static_cast<size_t>(
      std::count_if(blocks.begin(), blocks.end(), [](const Block& b) { return b.kind == BlockKind::turn; }));
  std::set<std::pair<int, ItemKind>> taken;
  std::set<int> opportunities;
  for (const Found& f : found) {
    taken.emplace(f.item.line, f.item.kind);
    if (f.item.kind == ItemKind::opportunity) opportunities.insert(f.item.line);
  }
  for (const DialoguePick& pick : pick_dialogue_items(sentences, turns, model, opportunities)) {
    const DialogueSentence& s = sentences[pick.sentence];
    if (!taken.emplace(s.line, pick.kind).second) continue;
    Item item;
    item.kind = pick.kind;
    item.text = cap_spoken_length(s.text);
    item.line = s.line;
    item.speaker = blocks[s.block].speaker;
    found.push_back({std::move(item), s.block});
  }
}

// A note whose decisions are stated only in its Summary / TL;DR (AI
// note-taker exports) still has them: sentences there with a decision cue,
// when nothing else in the note is a decision (noise does not count).
void add_summary_decisions(const std::vector<Block>& blocks,
                           const std::vector<std::optional<ItemKind>>& sections, const RuleSet& rules,
                           std::vector<Found>& found) {
  for (const Found& f : found)
    if (f.item.kind == ItemKind::decision && !(rules.noise && rules.noise->reason(f.item.text))) return;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& block = blocks[i];
    if (sections[i] != ItemKind::summary || block.in_code || block.kind == BlockKind::heading) continue;
    for (const Unit& unit : units_of(block)) {
      std::string_view masked = std::string_view(block.masked).substr(unit.begin, unit.end - unit.begin);
      auto cue = match_cue(rules, masked);
      if (!cue || cue->kind != ItemKind::decision || is_hedged(rules, masked)) continue;
      Item item;
      item.kind = ItemKind::decision;
      item.text = normalize_item_text(std::string_view(block.text).substr(unit.begin, unit.end - unit.begin));
      item.line = unit.line;
      if (!item.text.empty()) found.push_back({std::move(item), i});
    }
  }
}

// Items stated by markers, tasks, section headings and cue phrases.
std::vector<Found> cue_items(const std::vector<Block>& blocks,
                             const std::vector<std::optional<ItemKind>>& sections,
                             const CustomerMatcher& matcher, const RuleSet& rules) {
  std::vector<Found> found;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& block = blocks[i];
    if (block.in_code || block.kind == BlockKind::heading || block.kind == BlockKind::code) continue;
    if (is_attendee_line(block, rules)) continue;  // people, read by add_meeting_items
    for (const Unit& unit : units_of(block)) {
      std::string_view masked = std::string_view(block.masked).substr(unit.begin, unit.end - unit.begin);
      size_t marker_length = 0;
      std::optional<ItemKind> kind = classify(block, masked, sections[i], rules, marker_length);
      if (!kind && !sections[i] && is_customer_figure(masked, matcher, rules)) kind = ItemKind::fact;
      if (!kind || *kind == ItemKind::contact) continue;  // people are read as a whole
      if (marker_length == 0)  // "So to sum up: ..." opens the item, it is not part of it
        marker_length = match_summary_cue(rules, masked).value_or(0);
      Item item;
      item.kind = *kind;
      item.text = normalize_item_text(std::string_view(block.text).substr(unit.begin, unit.end - unit.begin),
                                      marker_length);
      if (block.kind == BlockKind::turn) item.text = cap_spoken_length(clean_speech(item.text));
      if (item.text.empty()) continue;
      item.line = unit.line;
      item.speaker = block.speaker;
      found.push_back({std::move(item), i});
    }
  }
  return found;
}

// The noise stage: whatever path found an item, boilerplate, pleasantries
// and personal lines go to `dropped` and links into note-taker apps are cut,
// before anything is attributed.
void noise_stage(std::vector<Found>& found, const NoiseFilter* noise, std::vector<DroppedItem>& dropped) {
  if (!noise) return;
  std::vector<Found> kept;
  for (Found& f : found) {
    NoiseFilter::Verdict v = noise->judge(f.item.text);
    if (v.reason) {
      dropped.push_back({f.item.text, f.item.line, *v.reason});
      continue;
    }
    f.item.text = std::move(v.text);
    if (!f.item.text.empty()) kept.push_back(std::move(f));
  }
  found = std::move(kept);
}

// A note whose sections name customers but that is not itself declared to be
// about one (no frontmatter, attendee, speaker or title evidence): a daily
// note, a notes page with a section per call. Only a section's heading, or
// the item's own words, tie an item to a customer there; the lines around
// the sections are the writer's own.
bool is_mixed_note(const std::vector<CustomerEvidence>& evidence, const std::vector<BlockContext>& contexts) {
  for (const CustomerEvidence& e : evidence)
    if (e.how != EvidenceSource::mention && e.how != EvidenceSource::wikilink) return false;
  return std::any_of(contexts.begin(), contexts.end(),
                     [](const BlockContext& c) { return !c.heading_customer.empty(); });
}

std::vector<std::string> customer_of(const Item& item, const BlockContext& context, bool personal, bool mixed,
                                     const std::vector<std::string>& primary,
                                     const CustomerMatcher& matcher) {
  if (personal) return {};
  // Outside the customers' sections only the item's own words count (as in
  // an internal meeting).
  if (mixed && context.heading_customer.empty())
    return attribute_item(item.text, BlockContext{}, {}, matcher);
  return attribute_item(item.text, context, primary, matcher);
}

}  // namespace

Extraction extract_rules(const Meeting& meeting, const VaultIndex& vault, const CustomerMatcher& matcher,
                         const RuleSet& all_rules, const PhraseCounts* phrase_counts) {
  std::string body;
  for (const Section& section : meeting.note.sections) body += section.raw;
  const RuleSet& rules =
      rules_for_language(all_rules, frontmatter_string(meeting.note, "lang").value_or(""), body);
  SegmentOptions options;
  options.starts_with_marker = [&rules](std::string_view text) {
    return match_marker(rules, text, false).has_value();  // "Maya: Decision: ..." stays Maya's turn
  };
  std::vector<Block> blocks = segment_meeting(meeting, options);
  Extraction out;
  out.language = rules.language;
  std::vector<CustomerEvidence> evidence = customer_evidence(meeting, blocks, vault, matcher);
  for (const CustomerEvidence& e : evidence)
    if (std::find(out.customers.begin(), out.customers.end(), e.customer) == out.customers.end())
      out.customers.push_back(e.customer);
  std::vector<std::string> primary = primary_customers(evidence, is_internal_meeting(meeting));
  out.meeting_customers = primary;
  std::vector<BlockContext> contexts = block_contexts(blocks, matcher);
  std::vector<std::optional<ItemKind>> sections = section_kinds(blocks, rules);

  // Every path that finds items feeds the one noise stage, then attribution.
  std::vector<Found> found = cue_items(blocks, sections, matcher, rules);
  if (rules.dialogue) add_dialogue_items(blocks, *rules.dialogue, found);
  add_summary_decisions(blocks, sections, rules, found);
  noise_stage(found, rules.noise.get(), out.dropped);

  std::vector<bool> personal =
      rules.noise ? under_personal_heading(blocks, *rules.noise) : std::vector<bool>(blocks.size(), false);
  bool mixed = is_mixed_note(evidence, contexts);
  for (Found& f : found) {
    assign_customers(f.item,
                     customer_of(f.item, contexts[f.block], personal[f.block], mixed, primary, matcher));
    assign_ownership(f.item, meeting.date, vault, matcher);
    out.items.push_back(std::move(f.item));
  }
  add_meeting_items(meeting, blocks, sections, primary, vault, matcher, rules, phrase_counts, out);

  // One item per kind and wording: the same line repeated in a note is one fact.
  std::set<std::pair<ItemKind, std::string>> seen;
  std::vector<Item> unique;
  std::stable_sort(out.items.begin(), out.items.end(),
                   [](const Item& a, const Item& b) { return a.line < b.line; });
  for (Item& item : out.items)
    if (seen.emplace(item.kind, casefold(item.text)).second) unique.push_back(std::move(item));
  out.items = std::move(unique);
  std::stable_sort(out.dropped.begin(), out.dropped.end(),
                   [](const DroppedItem& a, const DroppedItem& b) { return a.line < b.line; });
  return out;
}

}  // namespace dossier
