#include "pipeline/merge.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "vault/config.h"
#include "pipeline/close_loop.h"
#include "pipeline/dedupe.h"
#include "pipeline/history.h"
#include "extractors/topics.h"
#include "vault/frontmatter_edit.h"
#include "pipeline/merge_lines.h"
#include "pipeline/rename.h"
#include "pipeline/status.h"
#include "pipeline/wording.h"
#include "pipeline/supersede.h"
#include "vault/section_edit.h"
#include "vault/templates.h"
#include "util/text.h"

namespace dossier {

namespace {

// Memory keys of entries that are not list items get a prefix with a ':',
// which no dedupe_key contains, so they never collide with item keys.
std::string topic_memory_key(std::string_view key) { return "topic:" + std::string(key); }
std::string person_memory_key(std::string_view name) { return "people:" + casefold(name); }
std::string summary_memory_key(std::string_view meeting) { return "summary:" + casefold(meeting); }
// The meeting gave the item with this key (a dedupe key has no ':', so the
// key is what follows the last one).
std::string source_memory_key(std::string_view meeting, std::string_view key) {
  return "from:" + casefold(meeting) + ":" + std::string(key);
}
constexpr std::string_view kSourcePrefix = "from:";

const TemplateShape& builtin_shape() {
  static const TemplateShape shape = template_shape(*builtin_template("customer.md"));
  return shape;
}

// An owned section is found at the level the template gives it: the same
// title deeper down belongs to a section of the user's.
std::vector<std::string> body_of(const Note& note, std::string_view title, const TemplateShape& shape) {
  const Section* section = find_section(note, title, shape.level_of(title));
  return section ? section_body_lines(*section) : std::vector<std::string>{};
}

// Indices of the body lines that are entries (not fenced, blank, placeholder, footer).
std::vector<size_t> entry_lines(const std::vector<std::string>& body, const TemplateShape& shape) {
  return dossier::entry_lines(body, shape.placeholders);
}

Section& section_for_edit(Note& note, const std::string& title, const TemplateShape& shape,
                          const std::vector<std::string>& order) {
  return ensure_section(note, title, shape.level_of(title), order);
}

// The person a Key Contacts line is about: its first [[link]], else the text
// before a role ("Jane Doe (CTO)", "Jane Doe – CTO"), case-folded.
std::string contact_name(std::string_view line) {
  std::string_view text = strip_list_marker(line);
  if (std::optional<WikiLink> link = leading_wikilink(text)) return casefold(link->name());
  size_t end = text.size();
  for (std::string_view sep : {" (", " – ", " — ", " - ", ","}) end = std::min(end, text.find(sep));
  return casefold(collapse_spaces(text.substr(0, end)));
}

// Topics are the same whatever their case and plurals ("Data flows" = "data flow").
std::string topic_merge_key(std::string_view topic) {
  std::string key = topic_key(topic);
  return key.empty() ? dedupe_key(topic) : key;
}

// "Jane Doe - CTO", "[[Jane Doe]] (CTO)": the contact says more than a name.
bool contact_has_role(std::string_view text) {
  std::string_view t = trim(strip_list_marker(text));
  if (std::optional<WikiLink> link = leading_wikilink(t)) return !trim(t.substr(link->end)).empty();
  for (std::string_view sep : {" (", " – ", " — ", " - ", ","})
    if (t.find(sep) != std::string_view::npos) return true;
  return false;
}

// A Key Contacts line of dossier's with the person's text ("[[Jane]] - CTO")
// replaced by `text`, its provenance kept.
std::string with_contact_text(std::string_view line, std::string_view text) {
  std::string_view content = strip_eol(line);
  std::optional<size_t> provenance = provenance_start(content);
  std::string out = "- " + collapse_spaces(text);
  if (provenance) out += " " + std::string(trim(content.substr(*provenance)));
  return out;
}

// A list section: existing body lines indexed for dedupe, plus the edits the
// batch makes. Ids in the index: body index for existing lines, body size +
// n for the n-th added line. Lines are read (stemmed) in the language of the
// meeting an item comes from: one index per language met, each line read
// once per index.
struct ListPlan {
  std::vector<std::string> body;
  double threshold;
  std::vector<std::pair<std::string, size_t>> entries;  // text, id: what every index holds
  std::map<std::string, DedupeIndex> indexes;           // language -> index
  std::map<size_t, std::string> rewrites;
  std::vector<std::string> added;
  std::vector<std::string> added_keys;  // date_order_key of each added line's meeting
  std::map<size_t, size_t> follows;  // added index -> body line it goes after (the line it supersedes)
  std::set<size_t> removed;          // body lines retracted
  std::set<size_t> touched;          // ids the meeting being merged gave an item to
  std::map<std::string, size_t> contacts;  // contact_name -> id, built on first use
  bool contacts_indexed = false;
  std::optional<SupersedeIndex> supersede_index;  // the lines dossier owns, built on first use

  ListPlan(const Note& note, std::string_view title, double threshold_, const TemplateShape& shape)
      : body(body_of(note, title, shape)), threshold(threshold_) {
    for (size_t i : entry_lines(body, shape)) entries.emplace_back(body[i], i);
  }

  std::optional<size_t> find(std::string_view text, const std::string& language) {
    auto it = indexes.find(language);
    if (it == indexes.end()) {
      it = indexes.emplace(language, DedupeIndex(threshold, language)).first;
      for (const auto& [line, id] : entries) it->second.add(line, id);
    }
    return it->second.find(text);
  }

  void add(std::string_view text, size_t id) {
    entries.emplace_back(text, id);
    for (auto& [language, index] : indexes) index.add(text, id);
    if (supersede_index) supersede_index->set(id, this->text(id));
  }

  std::string& text(size_t id) {
    if (id >= body.size()) return added[id - body.size()];
    auto it = rewrites.find(id);
    return it != rewrites.end() ? it->second : body[id];
  }
};

// Topics / Themes: one comma-separated line.
struct TopicPlan {
  std::vector<std::string> body;
  std::optional<size_t> line;   // the existing topics line
  std::set<std::string> known;  // dedupe keys of topics present or added
  std::vector<std::string> added;

  TopicPlan(const Note& note, std::string_view title, const TemplateShape& shape)
      : body(body_of(note, title, shape)) {
    for (size_t i : entry_lines(body, shape)) {
      if (!line) line = i;
      std::string_view entries = strip_list_marker(body[i]);
      for (size_t start = 0; start <= entries.size();) {
        size_t comma = std::min(entries.find(',', start), entries.size());
        std::string key = topic_merge_key(entries.substr(start, comma - start));
        if (!key.empty()) known.insert(key);
        start = comma + 1;
      }
    }
  }
};

// Related People: one "- [[Name]]" line each.
struct PeoplePlan {
  std::set<std::string> known;  // case-folded names
  std::vector<std::string> added;

  PeoplePlan(const Note& note, std::string_view title, const TemplateShape& shape) {
    std::vector<std::string> body = body_of(note, title, shape);
    for (size_t i : entry_lines(body, shape)) {
      std::vector<std::string> targets = wikilink_targets(body[i]);
      if (targets.empty()) targets.push_back(casefold(strip_list_marker(body[i])));
      known.insert(targets.begin(), targets.end());
    }
  }
};

// Recent Context: one line per meeting, newest first.
struct ContextEntry {
  std::string date;
  size_t order = 0;
  std::string line;
};

struct ContextPlan {
  std::vector<std::string> body;
  std::set<std::string> linked;  // case-folded meeting names the section links to
  std::vector<ContextEntry> added;
  std::map<size_t, std::string> rewrites;  // a revised meeting's line, said anew
  std::set<size_t> removed;                // lines of meetings that no longer name the customer

  ContextPlan(const Note& note, std::string_view title, const TemplateShape& shape)
      : body(body_of(note, title, shape)) {
    for (size_t i : entry_lines(body, shape)) {
      for (std::string& target : wikilink_targets(body[i])) linked.insert(std::move(target));
    }
  }
};

class Merger {
 public:
  Merger(Note& note, NoteMemory& memory, const MergeOptions& options)
      : note_(note), memory_(memory), options_(options), shape_(options.shape ? *options.shape : builtin_shape()) {}

  MergeStats run(const std::vector<MeetingItems>& batch) {
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

 private:
  std::string title_for(std::string_view key) const {
    auto it = options_.sections.find(std::string(key));
    if (it != options_.sections.end() && !trim(it->second).empty()) return it->second;
    static const std::map<std::string, std::string> defaults = Config::default_sections();
    return defaults.at(std::string(key));
  }

  void merge_meeting(const MeetingItems& batch_entry) {
    const Meeting& meeting = *batch_entry.meeting;
    if (batch_entry.dropped) {
      for (auto& [title, plan] : lists_) plan.touched.clear();
      retract(meeting);
      retract_summary(meeting);
      return;
    }
    std::string language = batch_entry.language.empty() ? meeting_language(meeting) : batch_entry.language;
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

  // A revised meeting no longer says what some lines dossier wrote from it
  // say: a line that only it gave goes, a line other meetings gave too loses
  // its link. Lines the user edited, ticked or struck, and lines closed or
  // superseded, are history and stay.
  void retract(const Meeting& meeting) {
    std::set<std::string> done;
    for (const char* kind : {"decision", "fact", "opportunity", "next_step", "blocker"}) {
      std::string title = title_for(kind);
      if (!done.insert(casefold(title)).second) continue;
      ListPlan& plan = list_plan(title);
      for (size_t id = 0; id < plan.body.size(); ++id) {
        if (plan.removed.count(id) || plan.touched.count(id) || !is_entry_line(plan.body[id], shape_.placeholders) ||
            !owned(plan, id))
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

  // The Recent Context line of a meeting that no longer names the customer,
  // while it is dossier's line as written.
  void retract_summary(const Meeting& meeting) {
    if (!context_) context_.emplace(note_, title_for("summary"), shape_);
    for (size_t i : entry_lines(context_->body, shape_)) {
      const std::string& line = context_->body[i];
      if (!links_to(line, meeting.name) || !memory_.own_lines.count(line) || context_->rewrites.count(i)) continue;
      context_->removed.insert(i);
      context_->linked.erase(casefold(trim(link_target(meeting.name))));
      memory_.emitted_keys.erase(summary_memory_key(meeting.name));
      stats_.changes.push_back({"", "summary", "retracted", std::string(strip_list_marker(line)), meeting.name});
    }
  }

  // A plain line or an open task (not "- [x]", "- [-]").
  static bool is_open_or_plain(std::string_view line) {
    std::optional<ListItem> item = list_item_of(line, true);
    return !item || !item->is_task() || item->is_open_task() || item->text.empty();
  }

  bool has_source(const std::string& key) const {
    for (auto it = memory_.emitted_keys.lower_bound(std::string(kSourcePrefix));
         it != memory_.emitted_keys.end() && it->starts_with(kSourcePrefix); ++it)
      if (std::string_view(*it).substr(it->rfind(':') + 1) == key) return true;
    return false;
  }

  // Ticks the open tasks and strikes the blockers that this meeting reports
  // done or resolved (close_loop.h); only lines dossier wrote and the user
  // left alone. Returns the lines of the meeting marked as done reports.
  std::vector<int> close_loop(const MeetingItems& entry) {
    const std::vector<ClosingReport>& reports = entry.reports ? entry.reports->closing : read_reports(entry).closing;
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
      std::vector<size_t> ids;
      std::vector<std::string> lines;
      owned_lines(plan, ids, lines);
      for (size_t i : close_lines(reports, kind, new_items, lines, entry.meeting->name, date)) {
        set_text(plan, ids[i], lines[i]);
        stats_.changes.push_back({"", section, kind == ClosingReport::Kind::done ? "done" : "resolved",
                                  std::string(strip_list_marker(lines[i])), entry.meeting->name});
      }
    }
    return marked_done;
  }

  // The reports of a meeting merged without them (read from its text once).
  const MeetingReports& read_reports(const MeetingItems& entry) {
    auto it = read_reports_.find(entry.meeting);
    if (it == read_reports_.end()) it = read_reports_.emplace(entry.meeting, meeting_reports(*entry.meeting)).first;
    return it->second;
  }

  // The lines of a section dossier wrote and the user left alone, with their ids.
  void owned_lines(ListPlan& plan, std::vector<size_t>& ids, std::vector<std::string>& lines) {
    for (size_t id = 0; id < plan.body.size() + plan.added.size(); ++id) {
      if (id < plan.body.size() && (!is_entry_line(plan.body[id], shape_.placeholders) || !owned(plan, id))) continue;
      ids.push_back(id);
      lines.push_back(plan.text(id));
    }
  }

  // Strikes the older line this item gives a new value for (supersede.h);
  // returns its id, for the new line to follow it.
  std::optional<size_t> supersede(ListPlan& plan, const Item& item, const Meeting& meeting) {
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

  // A line dossier wrote (this run or before, as the state store remembers it)
  // and the user left alone.
  bool owned(ListPlan& plan, size_t id) const {
    return id >= plan.body.size() || plan.rewrites.count(id) || memory_.own_lines.count(plan.body[id]);
  }

  void set_text(ListPlan& plan, size_t id, std::string text) {
    if (id < plan.body.size()) {
      plan.rewrites[id] = std::move(text);
    } else {
      plan.added[id - plan.body.size()] = std::move(text);
    }
    if (plan.supersede_index) plan.supersede_index->set(id, plan.text(id));
  }

  ListPlan& list_plan(const std::string& title) {
    auto it = lists_.find(casefold(title));
    if (it == lists_.end()) {
      it = lists_.emplace(casefold(title), ListPlan(note_, title, options_.dedupe_threshold, shape_)).first;
    }
    return it->second;
  }

  // The same item already in another section dossier owns ("Acme will move
  // to the 500 TB tier" in Key Decisions, "Dana confirmed: Acme will move to
  // the 500 TB tier" arriving as a fact): its plan and line.
  std::optional<std::pair<ListPlan*, size_t>> find_elsewhere(ItemKind kind, std::string_view text,
                                                             const std::string& language) {
    static constexpr ItemKind kCrossKinds[] = {ItemKind::decision, ItemKind::fact, ItemKind::opportunity,
                                               ItemKind::next_step, ItemKind::blocker};
    if (std::find(std::begin(kCrossKinds), std::end(kCrossKinds), kind) == std::end(kCrossKinds)) return std::nullopt;
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

  // One line per person in Key Contacts, whatever role text each line has.
  std::optional<size_t> find_contact(ListPlan& plan, std::string_view text) {
    if (!plan.contacts_indexed)
      for (size_t i : entry_lines(plan.body, shape_)) plan.contacts.emplace(contact_name(plan.body[i]), i);
    plan.contacts_indexed = true;
    auto it = plan.contacts.find(contact_name(text));
    if (it == plan.contacts.end()) return std::nullopt;
    return it->second;
  }

  void merge_list_item(const Item& item, const Meeting& from, const std::string& language) {
    const std::string& meeting = from.name;
    std::string key = dedupe_key(item.text);
    if (key.empty()) return;
    ListPlan* plan = &list_plan(title_for(to_string(item.kind)));
    std::optional<size_t> id = plan->find(item.text, language);
    if (!id && item.kind == ItemKind::contact) id = find_contact(*plan, item.text);
    if (id && plan->removed.count(*id)) id.reset();  // retracted by an earlier meeting of the batch
    if (!id)
      if (auto elsewhere = find_elsewhere(item.kind, item.text, language)) std::tie(plan, id) = *elsewhere;
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
    return add_list_item(*plan, item, from, key);
  }

  void add_list_item(ListPlan& plan, const Item& item, const Meeting& from, const std::string& key) {
    const std::string& meeting = from.name;
    if (deleted_by_user(item.kind, key, meeting)) return;
    std::optional<size_t> replaced = supersede(plan, item, from);
    plan.added.push_back(item_line(item, meeting));
    plan.added_keys.push_back(date_order_key(from.date));
    plan.touched.insert(plan.body.size() + plan.added.size() - 1);
    if (replaced && *replaced < plan.body.size()) plan.follows[plan.added.size() - 1] = *replaced;
    plan.add(item.text, plan.body.size() + plan.added.size() - 1);
    if (item.kind == ItemKind::contact && plan.contacts_indexed)
      plan.contacts.emplace(contact_name(item.text), plan.body.size() + plan.added.size() - 1);
    memory_.emitted_keys.insert(key);
    memory_.emitted_keys.insert(source_memory_key(meeting, key));
    added(to_string(item.kind), item.text, meeting);
  }

  // dossier wrote this item once and it is no longer in the note: the user
  // deleted it. It stays deleted for the meetings that gave it; another
  // meeting raising it again is news, unless `resurrect` is off. A person's
  // contact line stays deleted (the person is the same whoever mentions
  // them), and so does a key remembered without its meetings (older state).
  bool deleted_by_user(ItemKind kind, const std::string& key, const std::string& meeting) {
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

  void merge_topics(std::string_view text, const std::string& meeting) {
    if (!topics_) topics_.emplace(note_, title_for("topic"), shape_);
    // "a, b" is two topics: the line is comma-separated.
    for (size_t start = 0; start <= text.size();) {
      size_t comma = std::min(text.find(',', start), text.size());
      std::string topic = collapse_spaces(text.substr(start, comma - start));
      start = comma + 1;
      std::string key = topic_merge_key(topic);
      if (key.empty()) continue;
      if (topics_->known.count(key)) {
        merged("topic", topic, meeting);
      } else if (!memory_.emitted_keys.count(topic_memory_key(key))) {
        topics_->known.insert(key);
        topics_->added.push_back(topic);
        memory_.emitted_keys.insert(topic_memory_key(key));
        added("topic", topic, meeting);
      }
    }
  }

  void merge_summary(const Meeting& meeting, std::string_view summary, std::string_view via) {
    if (!context_) context_.emplace(note_, title_for("summary"), shape_);
    std::string name = casefold(trim(link_target(meeting.name)));
    if (context_->linked.count(name)) {
      merged("summary", std::string(summary), meeting.name);
      if (revising_) resay_summary(meeting, recent_context_line(meeting.date, meeting.name, summary, via));
      return;
    }
    if (memory_.emitted_keys.count(summary_memory_key(meeting.name))) return;
    context_->linked.insert(name);
    context_->added.push_back({is_iso_date(meeting.date) ? meeting.date : "",
                               context_->added.size(),
                               recent_context_line(meeting.date, meeting.name, summary, via)});
    memory_.emitted_keys.insert(summary_memory_key(meeting.name));
    added("summary", std::string(summary), meeting.name);
  }

  // The Recent Context line of a revised meeting follows what it says now,
  // while it is dossier's line as written.
  void resay_summary(const Meeting& meeting, const std::string& line) {
    for (size_t i : entry_lines(context_->body, shape_)) {
      const std::string& old = context_->body[i];
      if (!links_to(old, meeting.name) || !memory_.own_lines.count(old) || context_->rewrites.count(i)) continue;
      if (strip_eol(old) != line) context_->rewrites[i] = line;
      return;
    }
  }

  void merge_person(std::string_view attendee, const std::string& meeting) {
    std::string name = link_target(strip_wikilink(attendee));
    if (name.empty()) return;
    if (!people_) people_.emplace(note_, title_for("people"), shape_);
    if (people_->known.count(casefold(name))) {
      merged("people", name, meeting);
      return;
    }
    if (memory_.emitted_keys.count(person_memory_key(name))) return;
    people_->known.insert(casefold(name));
    people_->added.push_back("- [[" + name + "]]");
    memory_.emitted_keys.insert(person_memory_key(name));
    added("people", name, meeting);
  }

  void added(std::string_view kind, std::string text, const std::string& meeting) {
    ++stats_.items_added;
    stats_.changes.push_back({"", std::string(kind), "added", std::move(text), meeting});
  }

  void merged(std::string_view kind, std::string text, const std::string& meeting) {
    ++stats_.items_merged;
    stats_.changes.push_back({"", std::string(kind), "merged", std::move(text), meeting});
  }

  // Sections are edited in the reference note's order, so that sections
  // created in a note that lacks them come out in that order too.
  void apply() {
    static const ItemKind kOrder[] = {ItemKind::contact,     ItemKind::blocker,
                                      ItemKind::next_step,   ItemKind::opportunity,
                                      ItemKind::decision,    ItemKind::fact,
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

  void apply_list(const std::string& title, ListPlan& plan) {
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
      std::optional<size_t> at =
          it != plan.follows.end() ? std::optional<size_t>(it->second + 1) : date_position(anchors, plan.added_keys[n]);
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

  // dossier's lines of the section that stay (body index, date_order_key of
  // their meeting), where their meetings' dates are known.
  std::vector<std::pair<size_t, std::string>> dated_own_lines(ListPlan& plan) {
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

  void apply_topics(const std::string& title) {
    if (!topics_ || topics_->added.empty()) return;
    std::string joined = join(topics_->added, ", ");
    Section& section = section_for_edit(note_, title, shape_, options_.section_order);
    if (!topics_->line) {
      append_lines(section, {joined}, note_.newline, shape_.placeholders);
      memory_.own_lines.insert(joined);
      return;
    }
    // The user's text of the line stays as it is; new topics go after it.
    const std::string& old = topics_->body[*topics_->line];
    std::string_view kept = rstrip_blanks(old);
    std::string edited = std::string(kept) + (kept.ends_with(",") ? " " : ", ") + joined;
    replace_body_lines(section, {{*topics_->line, edited}});
    if (memory_.own_lines.erase(old)) memory_.own_lines.insert(edited);
  }

  void apply_context(const std::string& title) {
    if (context_ && !context_->rewrites.empty()) {
      replace_body_lines(section_for_edit(note_, title, shape_, options_.section_order), context_->rewrites);
      for (const auto& [i, line] : context_->rewrites) {
        memory_.own_lines.erase(context_->body[i]);
        memory_.own_lines.insert(line);
      }
    }
    if (context_ && !context_->removed.empty()) {
      // Removed first: the new lines' places are found in what remains.
      remove_body_lines(section_for_edit(note_, title, shape_, options_.section_order), context_->removed);
      std::vector<std::string> kept;
      for (size_t i = 0; i < context_->body.size(); ++i) {
        if (!context_->removed.count(i)) kept.push_back(context_->body[i]);
        else memory_.own_lines.erase(context_->body[i]);
      }
      context_->body = std::move(kept);
      context_->removed.clear();
    }
    if (!context_ || context_->added.empty()) return;
    std::vector<ContextEntry>& added = context_->added;
    std::sort(added.begin(), added.end(), [](const ContextEntry& a, const ContextEntry& b) {
      return a.date != b.date ? a.date > b.date : a.order > b.order;
    });
    std::vector<std::pair<size_t, std::string>> dated;  // body index, date
    for (size_t i : entry_lines(context_->body, shape_)) {
      std::string date = leading_date(context_->body[i]);
      if (!date.empty()) dated.emplace_back(i, date);
    }
    Section& section = section_for_edit(note_, title, shape_, options_.section_order);
    for (const ContextEntry& entry : added) memory_.own_lines.insert(entry.line);
    if (dated.empty()) {
      std::vector<std::string> lines;
      for (const ContextEntry& entry : added) lines.push_back(entry.line);
      prepend_lines(section, lines, note_.newline, shape_.placeholders);
      return;
    }
    // Each new line goes before the first line not newer than it, else after
    // the last dated line. Groups are inserted bottom-up so indices hold.
    std::map<size_t, std::vector<std::string>, std::greater<>> groups;
    for (const ContextEntry& entry : added) {
      size_t at = dated.back().first + 1;
      for (const auto& [index, date] : dated) {
        if (date <= entry.date) {
          at = index;
          break;
        }
      }
      groups[at].push_back(entry.line);
    }
    for (const auto& [at, lines] : groups) insert_body_lines(section, at, lines, note_.newline);
  }

  void apply_people(const std::string& title) {
    if (!people_ || people_->added.empty()) return;
    append_lines(section_for_edit(note_, title, shape_, options_.section_order), people_->added, note_.newline, shape_.placeholders);
    memory_.own_lines.insert(people_->added.begin(), people_->added.end());
  }

  // The newest status change the batch reports goes to every place the note
  // keeps a status (status.h).
  void apply_status(const std::vector<MeetingItems>& batch) {
    std::string customer = std::filesystem::path(note_.path).stem().string();
    std::optional<AccountStatus> latest;
    for (const MeetingItems& entry : batch)
      if (entry.meeting && !entry.dropped)
        if (auto status = status_for(entry.reports ? entry.reports->statuses : read_reports(entry).statuses,
                                     *entry.meeting, customer, entry.sole_customer))
          latest = status;
    if (latest) set_account_status(note_, *latest);
  }

  void update_last_contact(const std::vector<MeetingItems>& batch) {
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

  Note& note_;
  NoteMemory& memory_;
  const MergeOptions& options_;
  const TemplateShape& shape_;
  MergeStats stats_;
  std::map<std::string, ListPlan> lists_;  // by case-folded title
  std::optional<TopicPlan> topics_;
  std::optional<ContextPlan> context_;
  std::optional<PeoplePlan> people_;
  std::map<const Meeting*, MeetingReports> read_reports_;
  std::optional<std::set<std::string>> sourced_keys_;
  MeetingDates batch_dates_;  // the batch's meetings: case-folded link target -> date
  bool revising_ = false;  // the meeting being merged is revised  // keys remembered with their meetings
};

}  // namespace

MeetingReports meeting_reports(const Meeting& meeting) {
  return {closing_reports(meeting), status_mentions(meeting)};
}

MergeStats merge_items(Note& note, const std::vector<MeetingItems>& batch, NoteMemory& memory,
                       const MergeOptions& options) {
  return Merger(note, memory, options).run(batch);
}

}  // namespace dossier
