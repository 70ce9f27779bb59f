#include "pipeline/eval.h"

#include <algorithm>

#include "pipeline/extract_stage.h"
#include "util/error.h"
#include "util/files.h"
#include "vault/meeting.h"
#include "vault/note.h"
#include "vault/vault.h"

namespace dossier {
namespace {

const char* extractor_name(ExtractorKind kind) {
  switch (kind) {
    case ExtractorKind::llm:
      return "llm";
    case ExtractorKind::hybrid:
      return "hybrid";
    case ExtractorKind::rules:
      break;
  }
  return "rules";
}

bool scored(const std::vector<ItemKind>& kinds, ItemKind kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool same_place(const GoldItem& g, const Item& item, const std::string& item_phrase) {
  if (g.kind != item.kind) return false;
  if (g.line) return g.line == item.line;
  return item_phrase.find(phrase_key(g.text)) != std::string::npos;
}

EvalItem extracted(const std::string& path, const Item& item) {
  return {path, item.line, path, item.kind, item.customer, item.text};
}

EvalItem expected(const std::string& gold_path, const std::string& meeting_path, const GoldItem& g) {
  if (g.line) return {meeting_path, g.line, meeting_path, g.kind, g.customer, g.text};
  return {gold_path, g.gold_line, meeting_path, g.kind, g.customer, g.text};
}

// The pairs of (extracted item, gold item) of one meeting, found in item
// order, each gold item used at most once.
struct Pairing {
  std::vector<int> gold_of_item;  // -1: none
  std::vector<bool> gold_used;
  std::vector<bool> attribution;  // per item: paired with the customer wrong
};

Pairing pair_items(const GoldMeeting& gold, const std::vector<const Item*>& items) {
  Pairing p{std::vector<int>(items.size(), -1), std::vector<bool>(gold.items.size(), false),
            std::vector<bool>(items.size(), false)};
  std::vector<std::string> phrases;
  for (const Item* item : items) phrases.push_back(phrase_key(item->text));
  // Exact matches first, so that a wrongly attributed item cannot take the
  // gold item another item gets right.
  for (bool customer_must_match : {true, false}) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (p.gold_of_item[i] >= 0) continue;
      for (size_t g = 0; g < gold.items.size(); ++g) {
        if (p.gold_used[g] || !same_place(gold.items[g], *items[i], phrases[i])) continue;
        if (customer_must_match && gold.items[g].customer != items[i]->customer) continue;
        p.gold_of_item[i] = static_cast<int>(g);
        p.gold_used[g] = true;
        p.attribution[i] = !customer_must_match;
        break;
      }
    }
  }
  return p;
}

void count(EvalReport& report, const std::string& format, ItemKind kind, int Score::*field) {
  std::string name(to_string(kind));
  ++(report.by_format[format][name].*field);
  ++(report.by_kind[name].*field);
  ++(report.overall.*field);
}

}  // namespace

Score& Score::operator+=(const Score& o) {
  extracted += o.extracted;
  gold += o.gold;
  matched += o.matched;
  return *this;
}

std::vector<ItemKind> scored_kinds(const Gold& gold, const std::vector<ItemKind>& requested) {
  if (!requested.empty()) return requested;
  std::vector<ItemKind> kinds = {ItemKind::decision, ItemKind::fact, ItemKind::opportunity,
                                 ItemKind::next_step, ItemKind::blocker};
  for (const GoldMeeting& m : gold.meetings)
    for (const GoldItem& g : m.items)
      if (!scored(kinds, g.kind)) kinds.push_back(g.kind);
  return kinds;
}

void score_meeting(const GoldMeeting& gold, const std::vector<Item>& items,
                   const std::vector<ItemKind>& kinds, EvalReport& report) {
  ++report.meetings;
  std::vector<const Item*> scored_items;
  for (const Item& item : items)
    if (scored(kinds, item.kind)) scored_items.push_back(&item);
  Pairing p = pair_items(gold, scored_items);

  for (size_t i = 0; i < scored_items.size(); ++i) {
    const Item& item = *scored_items[i];
    count(report, gold.format, item.kind, &Score::extracted);
    if (p.gold_of_item[i] < 0)
      report.extras.push_back(extracted(gold.path, item));
    else if (p.attribution[i])
      report.attribution_errors.push_back(
          {extracted(gold.path, item), gold.items[p.gold_of_item[i]].customer});
    else
      count(report, gold.format, item.kind, &Score::matched);
  }
  for (size_t g = 0; g < gold.items.size(); ++g) {
    const GoldItem& label = gold.items[g];
    if (!scored(kinds, label.kind)) continue;
    count(report, gold.format, label.kind, &Score::gold);
    if (!p.gold_used[g]) report.misses.push_back(expected(gold.gold_path, gold.path, label));
  }
  for (const std::string& phrase : gold.must_not) {
    std::string key = phrase_key(phrase);
    for (const Item& item : items)  // it may be extracted, as long as it reaches no customer
      if (item.customer && phrase_key(item.text).find(key) != std::string::npos)
        report.must_not_violations.push_back({extracted(gold.path, item), phrase});
  }
}

EvalReport evaluate(const Gold& gold, const EvalOptions& options) {
  EvalReport report;
  report.extractor = extractor_name(options.config.extractor);
  VaultScan scan = scan_vault(options.vault, options.config);
  VaultIndex& vault = scan.vault;
  report.errors = std::move(scan.failures);

  // Read every meeting first: a customer one meeting declares in its
  // frontmatter is known when any of them is extracted, as in a run.
  std::vector<Meeting> meetings;
  std::vector<const GoldMeeting*> golds;
  for (const GoldMeeting& g : gold.meetings) {
    Result<std::string> bytes = read_file(options.vault / g.path);
    if (!bytes) {
      report.errors.emplace_back(g.gold_path, g.gold_line,
                                 "cannot read the meeting note " + (options.vault / g.path).string() + ": " +
                                     bytes.failure().message);
      continue;
    }
    try {
      meetings.push_back(
          read_meeting(parse_note(g.path, *bytes, ParseLimits{options.config.max_file_bytes}), g.path));
      golds.push_back(&g);
    } catch (const InputError& e) {
      report.errors.push_back(e.failure());
    }
  }
  for (Meeting& m : meetings) {
    add_declared_customers(vault, options.config, m);
    match_attendees(vault, m);
  }
  std::vector<const Meeting*> to_extract;
  for (const Meeting& m : meetings) to_extract.push_back(&m);
  MemoryResponseCache llm_cache;  // answers are not kept between evals
  std::vector<MeetingExtraction> extractions = extract_meetings(to_extract, vault, options.config, llm_cache);

  std::vector<ItemKind> kinds = scored_kinds(gold, options.kinds);
  for (size_t i = 0; i < meetings.size(); ++i) {
    // A hybrid score without its LLM part would measure the rules alone.
    if (extractions[i].error)
      report.errors.push_back(*extractions[i].error);
    else if (extractions[i].llm_error)
      report.errors.push_back(*extractions[i].llm_error);
    else
      score_meeting(*golds[i], extractions[i].extraction.items, kinds, report);
  }
  return report;
}

}  // namespace dossier
