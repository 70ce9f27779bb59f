#include <algorithm>
#include <iostream>
#include <optional>

#include "extractors/resolve.h"
#include "extractors/rules.h"
#include "pipeline/people_stubs.h"
#include "pipeline/run_parts.h"
#include "pipeline/state.h"
#include "util/progress.h"

namespace dossier {
namespace {

// One chunk of the run's meetings, read again and matched against the
// vault: `texts[k]` is meeting `first + k`'s, or nullopt where its file
// changed since the scan.
struct Chunk {
  size_t first = 0;
  std::vector<std::optional<Meeting>> texts;

  // The meetings read, and their indexes in the run.
  std::vector<const Meeting*> read() const {
    std::vector<const Meeting*> out;
    for (const std::optional<Meeting>& m : texts)
      if (m) out.push_back(&*m);
    return out;
  }
  std::vector<size_t> indexes() const {
    std::vector<size_t> out;
    for (size_t k = 0; k < texts.size(); ++k)
      if (texts[k]) out.push_back(first + k);
    return out;
  }
};

// Calls fn(chunk) for each chunk of `meetings` in order, read again.
template <typename Fn>
void each_chunk(const RunContext& run, const std::vector<LoadedMeeting>& meetings, const VaultIndex& vault,
                Fn fn) {
  const size_t size = std::max<size_t>(1, run.options.meetings_per_chunk);
  for (size_t first = 0; first < meetings.size(); first += size) {
    size_t end = std::min(meetings.size(), first + size);
    std::vector<const LoadedMeeting*> loaded;
    for (size_t i = first; i < end; ++i) loaded.push_back(&meetings[i]);
    Chunk chunk{first, read_again(run.root, run.config, loaded)};
    for (std::optional<Meeting>& m : chunk.texts)
      if (m) match_attendees(vault, *m);
    fn(chunk);
  }
}

// People notes for the contacts of a chunk's meetings (create_people), and
// their links in its contact lines. Those made are known to the chunks
// after. Whether any was made (the vault changed).
bool add_people_stubs(const RunContext& run, const std::vector<const Meeting*>& texts,
                      std::vector<MeetingExtraction>& extractions, VaultIndex& vault,
                      JournalledWriter& writer, RunReport& report) {
  StubResult stubs =
      create_people_stubs({run.root, &run.config, run.options.dry_run}, texts, extractions, vault, writer);
  report.people_created.insert(report.people_created.end(), stubs.created.begin(), stubs.created.end());
  for (Person& p : stubs.people) vault.add_person(std::move(p));
  for (ContactLink& link : stubs.links)
    extractions[link.meeting].extraction.items[link.item].text = std::move(link.text);
  // A People note that could not be made fails no meeting: the contact
  // line is written without its link, and the stub is tried next run.
  for (const Failure& f : stubs.errors) note_failed(report, f, "create");
  return !stubs.people.empty();
}

}  // namespace

std::vector<std::string> phrase_keys(const Spill& spill, Spill::Span span) {
  if (span.size == 0) return {};
  return Unpacker(spill.get(span)).texts();
}

ExtractedRun extract_and_group(const RunContext& run, StateStore& state, std::vector<LoadedMeeting>& meetings,
                               const MeetingHistory& history, VaultIndex& vault, JournalledWriter& writer,
                               Spill& spill, RunReport& report) {
  const ExtractorKind kind = run.config.extractor;
  ExtractedRun out;
  out.llm_failed.resize(meetings.size());
  out.grouped.list_unattributed = run.options.list_items;
  std::vector<bool> changed(meetings.size(), false);
  auto mark_changed = [&](const Chunk& chunk) {
    for (size_t k = 0; k < chunk.texts.size(); ++k)
      if (!chunk.texts[k]) changed[chunk.first + k] = true;
  };
  std::optional<RuleSet> own_rules;
  const RuleSet* rules = loaded_rules(run.options);
  if (!rules && kind != ExtractorKind::llm) rules = &own_rules.emplace(load_rules(run.config, run.root));

  // Topics are phrases rarer in the vault's other meetings and in these:
  // every meeting's phrase keys are counted before any is extracted. They
  // wait in the spill for the state store's counts.
  out.phrase_keys.resize(meetings.size());
  PhraseCounts counts;
  if (kind != ExtractorKind::llm) {
    each_chunk(run, meetings, vault, [&](const Chunk& chunk) {
      mark_changed(chunk);
      std::vector<std::vector<std::string>> found = meeting_phrase_keys(chunk.read(), *rules);
      std::vector<size_t> at = chunk.indexes();
      for (size_t k = 0; k < at.size(); ++k) {
        count_phrases(found[k], counts);
        Packer packed;
        packed.texts(found[k]);
        out.phrase_keys[at[k]] = spill.put(packed.bytes());
      }
    });
    std::vector<std::string> paths;  // counted anew, so not among the vault's other meetings
    for (const LoadedMeeting& lm : meetings) {
      paths.push_back(lm.info.path);
      if (!lm.renamed_from.empty()) paths.push_back(lm.renamed_from);
    }
    counts = topic_counts(std::move(counts),
                          [&](const std::vector<std::string>& k) { return state.phrase_counts(k, paths); });
  }

  ProgressMeter progress(run.options.progress ? &std::cerr : nullptr, static_cast<int>(meetings.size()));
  // LLM answers are cached in the state store (in memory for a dry run, which writes nothing).
  MemoryResponseCache dry_run_cache;
  StateResponseCache state_cache(state);
  ResponseCache& llm_cache = run.options.dry_run ? static_cast<ResponseCache&>(dry_run_cache) : state_cache;
  std::optional<CustomerMatcher> matcher;
  each_chunk(run, meetings, vault, [&](const Chunk& chunk) {
    mark_changed(chunk);
    std::vector<const Meeting*> texts;
    std::vector<size_t> at;
    for (size_t i : chunk.indexes())
      if (!changed[i]) {
        texts.push_back(&*chunk.texts[i - chunk.first]);
        at.push_back(i);
      }
    // Built from the vault once, not once per chunk: it reads every
    // customer and person the vault knows.
    if (!matcher && kind != ExtractorKind::llm) matcher.emplace(vault);
    std::vector<MeetingExtraction> extractions = extract_counted(
        texts, vault, run.config, llm_cache, &progress, counts, rules, matcher ? &*matcher : nullptr);
    if (run.config.create_people && add_people_stubs(run, texts, extractions, vault, writer, report))
      matcher.reset();
    for (size_t k = 0; k < at.size(); ++k) {
      size_t i = at[k];
      meetings[i].info = *texts[k];  // attendees as matched
      auto fed = history.fed.find(meetings[i].info.path);
      group_meeting(vault, i, meetings[i], extractions[k], meeting_reports(*texts[k]), history.citing[i],
                    fed == history.fed.end() ? nullptr : &fed->second, spill, out.grouped);
      out.llm_failed[i] = extractions[k].llm_error.has_value();
    }
  });
  for (size_t i = 0; i < meetings.size(); ++i)
    if (changed[i]) out.changed.push_back(i);
  return out;
}

}  // namespace dossier
