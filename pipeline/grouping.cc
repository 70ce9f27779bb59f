#include "pipeline/grouping.h"

#include <algorithm>

#include "pipeline/packed_items.h"
#include "util/text.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

bool is_internal(const VaultIndex& vault, const std::string& attendee) {
  const Person* p = find_person(vault, attendee);
  return p && !vault.own_company.empty() && iequals(p->company, vault.own_company);
}

// Everyone who attended: what the extractor found (attendee lines, speakers),
// else the meeting's own list.
const std::vector<std::string>& attendees_of(const MeetingInfo& m, const Extraction& e) {
  return e.attendees.empty() ? m.attendees : e.attendees;
}

// "(via PERSON)": the one of our people who held the meeting (the extractor
// names them on the summary), else the first of our people who attended,
// else an attendee at the customer, else nobody.
std::string via_for(const VaultIndex& vault, const MeetingInfo& m, const Extraction& e,
                    const Customer& customer) {
  for (const Item& item : e.items)
    if (item.kind == ItemKind::summary && !item.speaker.empty()) return item.speaker;
  for (const std::string& a : attendees_of(m, e))
    if (is_internal(vault, a)) return a;
  for (const std::string& a : attendees_of(m, e))
    if (const Person* p = find_person(vault, a); p && find_customer(vault, p->company) == &customer) return a;
  return "";
}

// Every customer a meeting adds items to gets a Recent Context line: its own
// summary when the extractor attributed one to it, else the meeting's title
// (a daily note's summary may be about another customer).
void add_missing_summaries(std::map<std::string, MeetingItems>& per_customer, const MeetingInfo& m,
                           const std::vector<Item>& items) {
  const Item* summary = nullptr;
  for (const Item& item : items)
    if (item.kind == ItemKind::summary) summary = &item;
  for (auto& [name, mi] : per_customer) {
    bool has = std::any_of(mi.items.begin(), mi.items.end(),
                           [](const Item& i) { return i.kind == ItemKind::summary; });
    if (has) continue;
    Item s;
    s.kind = ItemKind::summary;
    s.text = summary && !summary->customer && per_customer.size() == 1 ? summary->text : m.title;
    s.customer = name;
    s.line = summary ? summary->line : 1;
    s.extractor = summary ? summary->extractor : ItemSource::rules;
    mi.items.push_back(std::move(s));
  }
}

// The notes that cite a renamed meeting by its old name get the rename,
// whether or not the meeting gives them items this run.
void add_renames(const VaultIndex& vault, const LoadedMeeting& lm, const std::vector<std::string>& citing,
                 size_t index, Grouped& g) {
  if (lm.renamed_from.empty()) return;
  MeetingRename rename{fs::path(lm.renamed_from).stem().string(), lm.info.name};
  for (const std::string& note : citing) {
    auto c = std::find_if(vault.customers().begin(), vault.customers().end(),
                          [&](const Customer& customer) { return customer.path == note; });
    if (c == vault.customers().end()) continue;  // no longer a customer note: nothing to rewrite
    GroupedWrite& w = g.writes[c->name];
    w.name = c->name;
    w.note_path = c->path;
    w.renames.push_back(rename);
    std::vector<size_t>& of = g.meetings_of[c->name];
    if (std::find(of.begin(), of.end(), index) == of.end()) of.push_back(index);
  }
}

// A revised meeting that no longer gives anything to a customer note it fed
// before (`fed`: those notes) still goes to that note, to retract what it
// wrote there. `given`: the customers it gives items to this run.
void add_dropped(const VaultIndex& vault, const std::vector<std::string>& fed,
                 const std::map<std::string, MeetingItems>& given, size_t index, Spill& spill, Grouped& g) {
  for (const std::string& note : fed) {
    auto c = std::find_if(vault.customers().begin(), vault.customers().end(),
                          [&](const Customer& customer) { return customer.path == note; });
    if (c == vault.customers().end() || vault.broken_notes.count(note) || given.count(c->name)) continue;
    MeetingItems mi;
    mi.revised = mi.dropped = true;
    GroupedWrite& w = g.writes[c->name];
    w.name = c->name;
    w.note_path = c->path;
    w.batch.push_back(spill.put(pack_meeting_items(mi, index)));
    g.meetings_of[c->name].push_back(index);
  }
}

// An item no customer could be given, listed when the run lists them.
void unattributed(Grouped& g, const MeetingInfo& m, const Item& item) {
  if (g.list_unattributed) g.unattributed.push_back({m.path, item.line, item.text});
}

// The customers `extraction`'s items go to, each with its share of them;
// a meeting naming a customer whose note is broken is blocked (g.failures).
std::map<std::string, MeetingItems> items_by_customer(const VaultIndex& vault, size_t i, const MeetingInfo& m,
                                                      const MeetingExtraction& extraction,
                                                      const MeetingReports& reports, Grouped& g) {
  const Extraction& e = extraction.extraction;
  std::map<std::string, MeetingItems> per_customer;
  // The customer's items of this meeting; null when it has no note to
  // write to (then the meeting is blocked or the name unknown).
  auto items_of = [&](const std::string& name) -> MeetingItems* {
    const Customer* c = find_customer(vault, name);
    if (!c) return nullptr;
    if (vault.broken_notes.count(c->path)) {
      g.failures.push_back({i, std::nullopt, c->path});
      return nullptr;
    }
    MeetingItems& mi = per_customer[c->name];
    if (!mi.meeting) {
      mi.meeting = &m;
      mi.reports = reports;
      mi.language = e.language;
      mi.via = via_for(vault, m, e, *c);
      for (const std::string& a : attendees_of(m, e))
        if (is_internal(vault, a)) mi.internal_attendees.push_back(a);
    }
    return &mi;
  };
  // Every customer the meeting is with gets its Recent Context line.
  for (const std::string& name : e.meeting_customers) items_of(name);
  for (const Item& item : e.items) {
    if (!item.customer) {
      if (item.kind != ItemKind::summary) unattributed(g, m, item);
      continue;
    }
    std::vector<std::string> names{*item.customer};
    names.insert(names.end(), item.also.begin(), item.also.end());
    for (const std::string& name : names) {
      MeetingItems* mi = items_of(name);
      if (!mi) {
        if (!find_customer(vault, name)) unattributed(g, m, item);
        continue;
      }
      Item copy = item;
      copy.customer = name;
      copy.also.clear();
      mi->items.push_back(std::move(copy));
    }
  }
  add_missing_summaries(per_customer, m, e.items);
  return per_customer;
}

}  // namespace

void group_meeting(const VaultIndex& vault, size_t index, const LoadedMeeting& meeting,
                   const MeetingExtraction& extraction, const MeetingReports& reports,
                   const std::vector<std::string>& citing, const std::vector<std::string>* fed, Spill& spill,
                   Grouped& g) {
  const MeetingInfo& m = meeting.info;
  if (extraction.error) {
    g.failures.push_back({index, *extraction.error, ""});
    return;
  }
  if (extraction.llm_error) g.llm_pending.push_back(*extraction.llm_error);
  if (extraction.nothing_extracted) g.warnings.push_back(m.path + ": no items extracted");
  std::map<std::string, MeetingItems> per_customer =
      items_by_customer(vault, index, m, extraction, reports, g);
  for (auto& [name, mi] : per_customer) {
    mi.sole_customer = per_customer.size() == 1;
    mi.revised = meeting.revised;
    GroupedWrite& w = g.writes[name];
    w.name = name;
    w.note_path = find_customer(vault, name)->path;
    w.batch.push_back(spill.put(pack_meeting_items(mi, index)));
    w.only_retracts = false;
    g.meetings_of[name].push_back(index);
  }
  add_renames(vault, meeting, citing, index, g);
  if (fed) add_dropped(vault, *fed, per_customer, index, spill, g);
}

CustomerWrite unpacked_write(const GroupedWrite& grouped, const std::vector<LoadedMeeting>& meetings,
                             const Spill& spill) {
  CustomerWrite write{grouped.name, grouped.note_path, {}, grouped.renames};
  for (const Spill::Span& span : grouped.batch) {
    UnpackedItems unpacked = unpack_meeting_items(spill.get(span));
    unpacked.items.meeting = &meetings.at(unpacked.meeting).info;
    write.batch.push_back(std::move(unpacked.items));
  }
  return write;
}

}  // namespace dossier
