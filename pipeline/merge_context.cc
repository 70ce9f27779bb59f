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

void Merger::retract_summary(const MeetingInfo& meeting) {
  if (!context_) context_.emplace(note_, title_for("summary"), shape_);
  for (size_t i : entry_lines(context_->body, shape_)) {
    const std::string& line = context_->body[i];
    if (!links_to(line, meeting.name) || !memory_.own_lines.count(line) || context_->rewrites.count(i))
      continue;
    context_->removed.insert(i);
    context_->linked.erase(casefold(trim(link_target(meeting.name))));
    memory_.emitted_keys.erase(summary_memory_key(meeting.name));
    stats_.changes.push_back(
        {"", "summary", "retracted", std::string(strip_list_marker(line)), meeting.name});
  }
}

void Merger::merge_topics(std::string_view text, const std::string& meeting) {
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

void Merger::merge_summary(const MeetingInfo& meeting, std::string_view summary, std::string_view via) {
  if (!context_) context_.emplace(note_, title_for("summary"), shape_);
  std::string name = casefold(trim(link_target(meeting.name)));
  if (context_->linked.count(name)) {
    merged("summary", std::string(summary), meeting.name);
    if (revising_) resay_summary(meeting, recent_context_line(meeting.date, meeting.name, summary, via));
    return;
  }
  if (memory_.emitted_keys.count(summary_memory_key(meeting.name))) return;
  context_->linked.insert(name);
  context_->added.push_back({is_iso_date(meeting.date) ? meeting.date : "", context_->added.size(),
                             recent_context_line(meeting.date, meeting.name, summary, via)});
  memory_.emitted_keys.insert(summary_memory_key(meeting.name));
  added("summary", std::string(summary), meeting.name);
}

void Merger::resay_summary(const MeetingInfo& meeting, const std::string& line) {
  for (size_t i : entry_lines(context_->body, shape_)) {
    const std::string& old = context_->body[i];
    if (!links_to(old, meeting.name) || !memory_.own_lines.count(old) || context_->rewrites.count(i))
      continue;
    if (strip_eol(old) != line) context_->rewrites[i] = line;
    return;
  }
}

void Merger::merge_person(std::string_view attendee, const std::string& meeting) {
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

void Merger::apply_topics(const std::string& title) {
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

void Merger::apply_context(const std::string& title) {
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
      if (!context_->removed.count(i))
        kept.push_back(context_->body[i]);
      else
        memory_.own_lines.erase(context_->body[i]);
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

void Merger::apply_people(const std::string& title) {
  if (!people_ || people_->added.empty()) return;
  append_lines(section_for_edit(note_, title, shape_, options_.section_order), people_->added, note_.newline,
               shape_.placeholders);
  memory_.own_lines.insert(people_->added.begin(), people_->added.end());
}

}  // namespace dossier::merging
