// The merge of a batch of meetings' items into one customer note: what
// merge_items (merge.h) runs. Its parts are in merge.cc (the batch, the
// note-wide edits), merge_list.cc (list sections: dedupe, supersede,
// retract, close the loop) and merge_context.cc (topics, Recent Context,
// Related People). Internal to the merge.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/date_order.h"
#include "pipeline/merge.h"
#include "pipeline/merge_plan.h"

namespace dossier::merging {

class Merger {
 public:
  Merger(Note& note, NoteMemory& memory, const MergeOptions& options)
      : note_(note),
        memory_(memory),
        options_(options),
        shape_(options.shape ? *options.shape : builtin_shape()) {}

  MergeStats run(const std::vector<MeetingItems>& batch);

 private:
  std::string title_for(std::string_view key) const;

  void merge_meeting(const MeetingItems& batch_entry);

  // A revised meeting no longer says what some lines dossier wrote from it
  // say: a line that only it gave goes, a line other meetings gave too loses
  // its link. Lines the user edited, ticked or struck, and lines closed or
  // superseded, are history and stay.
  void retract(const MeetingInfo& meeting);

  // The Recent Context line of a meeting that no longer names the customer,
  // while it is dossier's line as written.
  void retract_summary(const MeetingInfo& meeting);

  // A plain line or an open task (not "- [x]", "- [-]").
  static bool is_open_or_plain(std::string_view line);

  bool has_source(const std::string& key) const;

  // Ticks the open tasks and strikes the blockers that this meeting reports
  // done or resolved (close_loop.h); only lines dossier wrote and the user
  // left alone. Returns the lines of the meeting marked as done reports.
  std::vector<int> close_loop(const MeetingItems& entry);

  // The section's entry lines, for closing (built on first use, then kept
  // up to date by set_text and ListPlan::add).
  const CloseIndex& close_index(ListPlan& plan);

  // The lines of a section dossier wrote and the user left alone, with their ids.
  void owned_lines(ListPlan& plan, std::vector<size_t>& ids, std::vector<std::string>& lines);

  // Strikes the older line this item gives a new value for (supersede.h);
  // returns its id, for the new line to follow it.
  std::optional<size_t> supersede(ListPlan& plan, const Item& item, const MeetingInfo& meeting);

  // A line dossier wrote (this run or before, as the state store remembers it)
  // and the user left alone.
  bool owned(ListPlan& plan, size_t id) const;

  void set_text(ListPlan& plan, size_t id, std::string text);

  ListPlan& list_plan(const std::string& title);

  // The same item already in another section dossier owns ("Acme will move
  // to the 500 TB tier" in Key Decisions, "Dana confirmed: Acme will move to
  // the 500 TB tier" arriving as a fact): its plan and line.
  std::optional<std::pair<ListPlan*, size_t>> find_elsewhere(ItemKind kind, const DedupeText& text,
                                                             const std::string& language);

  // One line per person in Key Contacts, whatever role text each line has.
  std::optional<size_t> find_contact(ListPlan& plan, std::string_view text);

  void merge_list_item(const Item& item, const MeetingInfo& from, const std::string& language);

  void add_list_item(ListPlan& plan, const Item& item, const MeetingInfo& from, const DedupeText& text);

  // dossier wrote this item once and it is no longer in the note: the user
  // deleted it. It stays deleted for the meetings that gave it; another
  // meeting raising it again is news, unless `resurrect` is off. A person's
  // contact line stays deleted (the person is the same whoever mentions
  // them), and so does a key remembered without its meetings (older state).
  bool deleted_by_user(ItemKind kind, const std::string& key, const std::string& meeting);

  void merge_topics(std::string_view text, const std::string& meeting);

  void merge_summary(const MeetingInfo& meeting, std::string_view summary, std::string_view via);

  // The Recent Context line of a revised meeting follows what it says now,
  // while it is dossier's line as written.
  void resay_summary(const MeetingInfo& meeting, const std::string& line);

  void merge_person(std::string_view attendee, const std::string& meeting);

  void added(std::string_view kind, std::string text, const std::string& meeting);

  void merged(std::string_view kind, std::string text, const std::string& meeting);

  // Sections are edited in the reference note's order, so that sections
  // created in a note that lacks them come out in that order too.
  void apply();

  void apply_list(const std::string& title, ListPlan& plan);

  // dossier's lines of the section that stay (body index, date_order_key of
  // their meeting), where their meetings' dates are known.
  std::vector<std::pair<size_t, std::string>> dated_own_lines(ListPlan& plan);

  void apply_topics(const std::string& title);

  void apply_context(const std::string& title);

  void apply_people(const std::string& title);

  // The newest status change the batch reports goes to every place the note
  // keeps a status (status.h).
  void apply_status(const std::vector<MeetingItems>& batch);

  void update_last_contact(const std::vector<MeetingItems>& batch);

  Note& note_;
  NoteMemory& memory_;
  const MergeOptions& options_;
  const TemplateShape& shape_;
  MergeStats stats_;
  std::map<std::string, ListPlan> lists_;  // by case-folded title
  std::optional<TopicPlan> topics_;
  std::optional<ContextPlan> context_;
  std::optional<PeoplePlan> people_;
  std::optional<std::set<std::string>> sourced_keys_;  // keys remembered with their meetings
  MeetingDates batch_dates_;  // the batch's meetings: case-folded link target -> date
  bool revising_ = false;     // the meeting being merged is revised
};

}  // namespace dossier::merging
