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

MergeStats Merger::run(const std::vector<MeetingItems>& batch) {
  std::string before = render_note(note_);
  for (const MeetingRename& rename : options_.renames) rename_meeting_links(note_, memory_, rename);
  for (const MeetingItems& meeting : batch)
    if (meeting.meeting) batch_dates_[meeting_link_key(meeting.meeting->name)] = meeting.meeting->date;
  for (const MeetingItems& meeting : batch) {
    if (meeting.meeting) merge_meeting(meeting);
  }
  apply();
  apply_status(batch);
  roll_over(note_, memory_,
            HistoryOptions{options_.recent_context_lines, options_.history_after_days, options_.today,
                           title_for("summary"), title_for("next_step"), &shape_});
  update_last_contact(batch);
  if (render_note(note_) != before) {
    if (!options_.today.empty()) set_last_updated(note_, options_.today);
    stats_.changed = true;
  }
  return stats_;
}

std::string Merger::title_for(std::string_view key) const {
  auto it = options_.sections.find(std::string(key));
  if (it != options_.sections.end() && !trim(it->second).empty()) return it->second;
  static const std::map<std::string, std::string> defaults = Config::default_sections();
  return defaults.at(std::string(key));
}

void Merger::merge_meeting(const MeetingItems& batch_entry) {
  const MeetingInfo& meeting = *batch_entry.meeting;
  if (batch_entry.dropped) {
    for (auto& [title, plan] : lists_) plan.touched.clear();
    retract(meeting);
    retract_summary(meeting);
    return;
  }
  const std::string language = batch_entry.language.empty() ? "en" : batch_entry.language;
  for (auto& [title, plan] : lists_) plan.touched.clear();
  revising_ = batch_entry.revised;
  std::vector<int> reported_done = close_loop(batch_entry);
  for (const Item& item : batch_entry.items) {
    if (trim(item.text).empty()) continue;
    // "Done: send the deck" under Action Items is a report, not a new task.
    if (item.kind == ItemKind::next_step && item.line > 0 &&
        std::count(reported_done.begin(), reported_done.end(), item.line))
      continue;
    switch (item.kind) {
      case ItemKind::topic:
        merge_topics(item.text, meeting.name);
        break;
      case ItemKind::summary:
        merge_summary(meeting, item.text, batch_entry.via);
        break;
      default:
        merge_list_item(item, meeting, language);
    }
  }
  for (const std::string& attendee : batch_entry.internal_attendees) merge_person(attendee, meeting.name);
  if (batch_entry.revised) retract(meeting);
}

ListPlan& Merger::list_plan(const std::string& title) {
  auto it = lists_.find(casefold(title));
  if (it == lists_.end()) {
    it = lists_.emplace(casefold(title), ListPlan(note_, title, options_.dedupe_threshold, shape_)).first;
  }
  return it->second;
}

void Merger::added(std::string_view kind, std::string text, const std::string& meeting) {
  ++stats_.items_added;
  stats_.changes.push_back({"", std::string(kind), "added", std::move(text), meeting});
}

void Merger::merged(std::string_view kind, std::string text, const std::string& meeting) {
  ++stats_.items_merged;
  stats_.changes.push_back({"", std::string(kind), "merged", std::move(text), meeting});
}

void Merger::apply() {
  static const ItemKind kOrder[] = {ItemKind::contact,     ItemKind::blocker,  ItemKind::next_step,
                                    ItemKind::opportunity, ItemKind::decision, ItemKind::fact,
                                    ItemKind::topic,       ItemKind::summary};
  std::set<std::string> applied;
  for (ItemKind kind : kOrder) {
    std::string title = title_for(to_string(kind));
    if (!applied.insert(casefold(title)).second) continue;
    if (kind == ItemKind::topic) {
      apply_topics(title);
    } else if (kind == ItemKind::summary) {
      apply_context(title);
    } else if (auto it = lists_.find(casefold(title)); it != lists_.end()) {
      apply_list(title, it->second);
    }
  }
  apply_people(title_for("people"));
}

void Merger::apply_status(const std::vector<MeetingItems>& batch) {
  std::string customer = std::filesystem::path(note_.path).stem().string();
  std::optional<AccountStatus> latest;
  for (const MeetingItems& entry : batch)
    if (entry.meeting && !entry.dropped)
      if (auto status = status_for(entry.reports.statuses, *entry.meeting, customer, entry.sole_customer))
        latest = status;
  if (latest) set_account_status(note_, *latest);
}

void Merger::update_last_contact(const std::vector<MeetingItems>& batch) {
  std::string newest;
  for (const MeetingItems& entry : batch) {
    if (entry.meeting && !entry.dropped && is_iso_date(entry.meeting->date) && entry.meeting->date > newest) {
      newest = entry.meeting->date;
    }
  }
  if (newest.empty()) return;
  std::string raw_value(trim(frontmatter_string(note_, "last_contact").value_or("")));
  // "[[2026-01-05]]" (a link to a daily note) is a date too, kept as a link.
  bool linked = raw_value.starts_with("[[") && raw_value.ends_with("]]");
  std::string current = linked ? strip_wikilink(raw_value) : raw_value;
  if (!current.empty() && !(current.size() >= 10 && is_iso_date(current.substr(0, 10))))
    return;  // not a date dossier understands: the user's to keep
  if (!current.empty() && current.substr(0, 10) >= newest) return;  // never moves back
  if (linked) {
    set_frontmatter_value(note_, "last_contact", "\"[[" + newest + "]]\"");
    return;
  }
  set_frontmatter_value(note_, "last_contact", yaml_scalar(newest));
}

}  // namespace dossier::merging

namespace dossier {

MeetingReports meeting_reports(const Meeting& meeting) {
  return {closing_reports(meeting), status_mentions(meeting)};
}

MergeStats merge_items(Note& note, const std::vector<MeetingItems>& batch, NoteMemory& memory,
                       const MergeOptions& options) {
  return merging::Merger(note, memory, options).run(batch);
}

}  // namespace dossier
