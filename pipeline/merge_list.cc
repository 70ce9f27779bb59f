#include "pipeline/merger.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "extractors/topics.h"
#include "pipeline/close_loop.h"
#include "pipeline/dedupe.h"
#include "pipeline/history.h"
#include "pipeline/merge_lines.h"
#include "pipeline/rename.h"
#include "pipeline/status.h"
#include "pipeline/supersede.h"
#include "pipeline/wording.h"
#include "util/text.h"
#include "vault/config.h"
#include "vault/frontmatter_edit.h"
#include "vault/section_edit.h"
#include "vault/templates.h"

namespace dossier::merging {

void Merger::retract(const MeetingInfo& meeting) {
  std::set<std::string> done;
  for (const char* kind : {"decision", "fact", "opportunity", "next_step", "blocker"}) {
    std::string title = title_for(kind);
    if (!done.insert(casefold(title)).second) continue;
    ListPlan& plan = list_plan(title);
    for (size_t id = 0; id < plan.body.size(); ++id) {
      if (plan.removed.count(id) || plan.touched.count(id) ||
          !is_entry_line(plan.body[id], shape_.placeholders) || !owned(plan, id))
        continue;
      const std::string& text = plan.text(id);
      if (!links_to(text, meeting.name) || is_struck(text) || !is_open_or_plain(text)) continue;
      std::string key = dedupe_key(text);
      memory_.emitted_keys.erase(source_memory_key(meeting.name, key));
      if (std::optional<std::string> kept = remove_provenance(text, meeting.name)) {
        set_text(plan, id, *kept);
      } else {
        plan.removed.insert(id);
        if (!has_source(key)) memory_.emitted_keys.erase(key);  // not deleted by the user: may come again
      }
      stats_.changes.push_back({"", kind, "retracted", std::string(strip_list_marker(text)), meeting.name});
    }
  }
}

bool Merger::is_open_or_plain(std::string_view line) {
  std::optional<ListItem> item = list_item_of(line, true);
  return !item || !item->is_task() || item->is_open_task() || item->text.empty();
}

bool Merger::has_source(const std::string& key) const {
  for (auto it = memory_.emitted_keys.lower_bound(std::string(kSourcePrefix));
       it != memory_.emitted_keys.end() && it->starts_with(kSourcePrefix); ++it)
    if (std::string_view(*it).substr(it->rfind(':') + 1) == key) return true;
  return false;
}

std::vector<int> Merger::close_loop(const MeetingItems& entry) {
  const std::vector<ClosingReport>& reports = entry.reports.closing;
  std::vector<int> marked_done, new_items;
  for (const ClosingReport& report : reports)
    if (report.marked && report.kind == ClosingReport::Kind::done) marked_done.push_back(report.line);
  if (reports.empty()) return marked_done;
  for (const Item& item : entry.items)
    if (item.kind == ItemKind::next_step || item.kind == ItemKind::blocker) new_items.push_back(item.line);
  std::string date = is_iso_date(entry.meeting->date) ? entry.meeting->date : options_.today;
  for (auto [kind, section] : {std::pair{ClosingReport::Kind::done, "next_step"},
                               std::pair{ClosingReport::Kind::resolved, "blocker"}}) {
    ListPlan& plan = list_plan(title_for(section));
    auto closable = [&](size_t id) { return id >= plan.body.size() || owned(plan, id); };
    for (const ClosingReport& report : reports) {
      if (!closes_in(report, kind, new_items)) continue;
      // Built at the first report for this section: a meeting that only
      // reports tasks done reads no blocker line.
      std::optional<size_t> id = close_index(plan).find(report, entry.meeting->name, date, closable);
      if (!id) continue;
      set_text(plan, *id, closed_line(plan.text(*id), kind, entry.meeting->name, date));
      stats_.changes.push_back({"", section, kind == ClosingReport::Kind::done ? "done" : "resolved",
                                std::string(strip_list_marker(plan.text(*id))), entry.meeting->name});
    }
  }
  return marked_done;
}

const CloseIndex& Merger::close_index(ListPlan& plan) {
  if (!plan.close_index) {
    plan.close_index.emplace();
    for (size_t id = 0; id < plan.body.size() + plan.added.size(); ++id)
      if (id >= plan.body.size() || is_entry_line(plan.body[id], shape_.placeholders))
        plan.close_index->set(id, plan.text(id));
  }
  return *plan.close_index;
}

void Merger::owned_lines(ListPlan& plan, std::vector<size_t>& ids, std::vector<std::string>& lines) {
  for (size_t id = 0; id < plan.body.size() + plan.added.size(); ++id) {
    if (id < plan.body.size() && (!is_entry_line(plan.body[id], shape_.placeholders) || !owned(plan, id)))
      continue;
    ids.push_back(id);
    lines.push_back(plan.text(id));
  }
}

std::optional<size_t> Merger::supersede(ListPlan& plan, const Item& item, const MeetingInfo& meeting) {
  if (item.kind != ItemKind::fact && item.kind != ItemKind::decision && item.kind != ItemKind::opportunity)
    return std::nullopt;
  if (!plan.supersede_index) {
    std::vector<size_t> ids;
    std::vector<std::string> lines;
    owned_lines(plan, ids, lines);
    plan.supersede_index.emplace();
    for (size_t i = 0; i < ids.size(); ++i) plan.supersede_index->set(ids[i], lines[i]);
  }
  std::optional<size_t> id = plan.supersede_index->find(item.text, meeting.name, meeting.date);
  if (!id) return std::nullopt;
  std::string line = plan.text(*id);
  std::string date = is_iso_date(meeting.date) ? meeting.date : options_.today;
  stats_.changes.push_back({"", std::string(to_string(item.kind)), "superseded",
                            std::string(strip_list_marker(line)), meeting.name});
  set_text(plan, *id, strike_line(line, "superseded", meeting.name, date));
  return id;
}

bool Merger::owned(ListPlan& plan, size_t id) const {
  return id >= plan.body.size() || plan.rewrites.count(id) || memory_.own_lines.count(plan.body[id]);
}

void Merger::set_text(ListPlan& plan, size_t id, std::string text) {
  if (id < plan.body.size()) {
    plan.rewrites[id] = std::move(text);
  } else {
    plan.added[id - plan.body.size()] = std::move(text);
  }
  if (plan.supersede_index) plan.supersede_index->set(id, plan.text(id));
  if (plan.close_index) plan.close_index->set(id, plan.text(id));
}

std::optional<std::pair<ListPlan*, size_t>> Merger::find_elsewhere(ItemKind kind, const DedupeText& text,
                                                                   const std::string& language) {
  static constexpr ItemKind kCrossKinds[] = {ItemKind::decision, ItemKind::fact, ItemKind::opportunity,
                                             ItemKind::next_step, ItemKind::blocker};
  if (std::find(std::begin(kCrossKinds), std::end(kCrossKinds), kind) == std::end(kCrossKinds))
    return std::nullopt;
  std::string own = casefold(title_for(to_string(kind)));
  for (ItemKind other : kCrossKinds) {
    std::string title = title_for(to_string(other));
    if (casefold(title) == own || !find_section(note_, title)) continue;
    ListPlan& plan = list_plan(title);
    std::optional<size_t> id = plan.find(text, language);
    if (id && !plan.removed.count(*id)) return std::make_pair(&plan, *id);
  }
  return std::nullopt;
}

std::optional<size_t> Merger::find_contact(ListPlan& plan, std::string_view text) {
  if (!plan.contacts_indexed)
    for (size_t i : entry_lines(plan.body, shape_)) plan.contacts.emplace(contact_name(plan.body[i]), i);
  plan.contacts_indexed = true;
  auto it = plan.contacts.find(contact_name(text));
  if (it == plan.contacts.end()) return std::nullopt;
  return it->second;
}

void Merger::merge_list_item(const Item& item, const MeetingInfo& from, const std::string& language) {
  const std::string& meeting = from.name;
  DedupeText text(item.text);
  const std::string& key = text.key();
  if (key.empty()) return;
  ListPlan* plan = &list_plan(title_for(to_string(item.kind)));
  std::optional<size_t> id = plan->find(text, language);
  if (!id && item.kind == ItemKind::contact) id = find_contact(*plan, item.text);
  if (id && plan->removed.count(*id)) id.reset();  // retracted by an earlier meeting of the batch
  if (!id)
    if (auto elsewhere = find_elsewhere(item.kind, text, language)) std::tie(plan, id) = *elsewhere;
  if (id) plan->touched.insert(*id);
  if (id) {
    merged(to_string(item.kind), item.text, meeting);
    std::string& current = plan->text(*id);
    // Only a line dossier wrote and the user left alone gains the link, or
    // a contact's newer role.
    if (!owned(*plan, *id)) return;
    // The meeting gave this item before and its link is gone: the user
    // deleted its line (another meeting raised it again since) or the link.
    bool gave_before = !memory_.emitted_keys.insert(source_memory_key(meeting, key)).second;
    if (gave_before && !links_to(current, meeting)) return;
    bool same_person = item.kind == ItemKind::contact && contact_has_role(item.text) &&
                       contact_name(current) == contact_name(item.text);
    std::string updated = same_person ? with_contact_text(current, item.text) : current;
    if (!links_to(updated, meeting)) updated = add_provenance(updated, meeting);
    if (updated != current) set_text(*plan, *id, std::move(updated));
    return;
  }
  return add_list_item(*plan, item, from, text);
}

void Merger::add_list_item(ListPlan& plan, const Item& item, const MeetingInfo& from,
                           const DedupeText& text) {
  const std::string& meeting = from.name;
  const std::string& key = text.key();
  if (deleted_by_user(item.kind, key, meeting)) return;
  std::optional<size_t> replaced = supersede(plan, item, from);
  plan.added.push_back(item_line(item, meeting));
  plan.added_keys.push_back(date_order_key(from.date));
  plan.touched.insert(plan.body.size() + plan.added.size() - 1);
  if (replaced && *replaced < plan.body.size()) plan.follows[plan.added.size() - 1] = *replaced;
  plan.add(text, plan.body.size() + plan.added.size() - 1);
  if (item.kind == ItemKind::contact && plan.contacts_indexed)
    plan.contacts.emplace(contact_name(item.text), plan.body.size() + plan.added.size() - 1);
  memory_.emitted_keys.insert(key);
  memory_.emitted_keys.insert(source_memory_key(meeting, key));
  added(to_string(item.kind), item.text, meeting);
}

bool Merger::deleted_by_user(ItemKind kind, const std::string& key, const std::string& meeting) {
  if (!memory_.emitted_keys.count(key)) return false;
  if (!options_.resurrect || kind == ItemKind::contact) return true;
  if (memory_.emitted_keys.count(source_memory_key(meeting, key))) return true;
  if (!sourced_keys_) {
    sourced_keys_.emplace();
    for (auto it = memory_.emitted_keys.lower_bound(std::string(kSourcePrefix));
         it != memory_.emitted_keys.end() && it->starts_with(kSourcePrefix); ++it)
      sourced_keys_->insert(it->substr(it->rfind(':') + 1));
  }
  return !sourced_keys_->count(key);
}

void Merger::apply_list(const std::string& title, ListPlan& plan) {
  if (plan.rewrites.empty() && plan.added.empty() && plan.removed.empty()) return;
  Section& section = section_for_edit(note_, title, shape_, options_.section_order);
  replace_body_lines(section, plan.rewrites);
  for (size_t id : plan.removed) memory_.own_lines.erase(plan.text(id));
  for (const auto& [id, text] : plan.rewrites) {
    memory_.own_lines.erase(plan.body[id]);
    memory_.own_lines.insert(text);
  }
  // A line that supersedes another follows it; the rest go before the
  // first line of dossier's of a later meeting, else at the end. Groups
  // (body index -> lines to insert before it) are inserted bottom-up so
  // that body indices hold.
  std::map<size_t, std::vector<std::string>, std::greater<>> before;
  std::vector<std::string> appended;
  std::vector<std::pair<size_t, std::string>> anchors = dated_own_lines(plan);
  for (size_t n = 0; n < plan.added.size(); ++n) {
    auto it = plan.follows.find(n);
    std::optional<size_t> at = it != plan.follows.end() ? std::optional<size_t>(it->second + 1)
                                                        : date_position(anchors, plan.added_keys[n]);
    (at ? before[*at] : appended).push_back(plan.added[n]);
  }
  for (const auto& [at, lines] : before) insert_body_lines(section, at, lines, note_.newline);
  // Retracted lines go last: lines inserted before body line k shift k
  // and the lines below it.
  std::set<size_t> shifted;
  for (size_t id : plan.removed) {
    size_t shift = 0;
    for (const auto& [at, lines] : before)
      if (at <= id) shift += lines.size();
    shifted.insert(id + shift);
  }
  remove_body_lines(section, shifted);
  append_lines(section, appended, note_.newline, shape_.placeholders);
  memory_.own_lines.insert(plan.added.begin(), plan.added.end());
}

std::vector<std::pair<size_t, std::string>> Merger::dated_own_lines(ListPlan& plan) {
  std::vector<std::pair<size_t, std::string>> anchors;
  static const MeetingDates kNone;
  const MeetingDates& known = options_.meeting_dates ? *options_.meeting_dates : kNone;
  for (size_t id : entry_lines(plan.body, shape_)) {
    if (plan.removed.count(id) || !owned(plan, id)) continue;
    std::optional<std::string> a = line_order_key(plan.text(id), known);
    std::optional<std::string> b = line_order_key(plan.text(id), batch_dates_);
    if (a || b) anchors.emplace_back(id, a && b ? std::min(*a, *b) : a ? *a : *b);
  }
  return anchors;
}

}  // namespace dossier::merging
