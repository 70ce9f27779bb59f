#include "pipeline/extract_stage.h"

#include <algorithm>
#include <optional>
#include <set>

#include "extractors/llm_extractor.h"
#include "extractors/noise.h"
#include "extractors/resolve.h"
#include "extractors/rules.h"
#include "extractors/rules_extractor.h"
#include "extractors/segment.h"
#include "extractors/topics.h"
#include "pipeline/state.h"
#include "util/parallel.h"
#include "util/text.h"

namespace dossier {
namespace {

std::vector<MeetingExtraction> with_nothing_extracted(const std::vector<const Meeting*>& meetings,
                                                      std::vector<MeetingExtraction> out) {
  for (size_t i = 0; i < meetings.size(); ++i)
    out[i].nothing_extracted = !out[i].error && extracted_nothing(*meetings[i], out[i].extraction);
  return out;
}

}  // namespace

std::vector<std::vector<std::string>> meeting_phrase_keys(const std::vector<const Meeting*>& meetings,
                                                          const RuleSet& rules) {
  std::vector<std::vector<std::string>> keys(meetings.size());
  parallel_for(meetings.size(), [&](size_t i) {
    keys[i] = recurring_keys(phrase_candidates(segment_meeting(*meetings[i]), rules, {}));
  });
  return keys;
}

PhraseCounts topic_counts(PhraseCounts counted, const OtherMeetingsCounts& elsewhere) {
  if (elsewhere) {
    std::vector<std::string> keys;
    keys.reserve(counted.meetings_with.size());
    for (const auto& [key, meetings] : counted.meetings_with) keys.push_back(key);
    add_counts(elsewhere(keys), counted);
  }
  if (counted.meetings < 3) return {};
  return counted;
}

std::vector<MeetingExtraction> extract_counted(const std::vector<const Meeting*>& meetings,
                                               const VaultIndex& vault, const Config& config,
                                               ResponseCache& llm_cache, ProgressMeter* progress,
                                               const PhraseCounts& counts, const RuleSet* rules,
                                               const CustomerMatcher* matcher) {
  const ExtractorKind kind = config.extractor;
  std::vector<MeetingExtraction> out(meetings.size());
  if (kind != ExtractorKind::llm) {
    std::optional<RuleSet> loaded;
    if (!rules) rules = &loaded.emplace(load_rules(config, vault.root));
    std::optional<CustomerMatcher> own_matcher;
    if (!matcher) matcher = &own_matcher.emplace(vault);
    // Each meeting is extracted on its own from shared read-only data, so
    // the work splits over the cores (RE2 matching is thread-safe).
    parallel_for(meetings.size(), [&](size_t i) {
      out[i].extraction =
          extract_rules(*meetings[i], vault, *matcher, *rules, counts.meetings > 1 ? &counts : nullptr);
      if (progress && kind == ExtractorKind::rules) progress->meeting_done();
    });
  }
  if (kind == ExtractorKind::rules) return with_nothing_extracted(meetings, std::move(out));

  std::shared_ptr<const NoiseFilter> noise = builtin_noise();
  std::vector<LlmMeetingResult> llm = extract_llm(
      meetings, vault, config.llm, load_llm_prompt(vault.root, config.llm), llm_cache, {}, progress);
  for (size_t i = 0; i < meetings.size(); ++i) {
    if (llm[i].error) {
      // Hybrid keeps its rule items: the endpoint being down costs the LLM
      // part only, which a later run does (see RunReport::llm_pending).
      (kind == ExtractorKind::hybrid ? out[i].llm_error : out[i].error) = *llm[i].error;
      continue;
    }
    Extraction& e = out[i].extraction;
    drop_noise(llm[i].extraction, *noise);
    if (kind == ExtractorKind::llm) {
      e = std::move(llm[i].extraction);
    } else {
      e.items = merge_hybrid(std::move(e.items), std::move(llm[i].extraction.items));
      e.dropped_ungrounded = llm[i].extraction.dropped_ungrounded;
      for (DroppedItem& d : llm[i].extraction.dropped)
        if (std::none_of(e.dropped.begin(), e.dropped.end(),
                         [&](const DroppedItem& x) { return x.line == d.line; }))
          e.dropped.push_back(std::move(d));
      for (const std::string& c : llm[i].extraction.customers)
        if (std::find(e.customers.begin(), e.customers.end(), c) == e.customers.end())
          e.customers.push_back(c);
    }
  }
  return with_nothing_extracted(meetings, std::move(out));
}

std::vector<MeetingExtraction> extract_meetings(const std::vector<const Meeting*>& meetings,
                                                const VaultIndex& vault, const Config& config,
                                                ResponseCache& llm_cache, ProgressMeter* progress,
                                                const OtherMeetingsCounts& elsewhere,
                                                const RuleSet* preloaded) {
  std::optional<RuleSet> loaded;
  const RuleSet* rules = preloaded;
  std::vector<std::vector<std::string>> keys;
  PhraseCounts counts;
  if (config.extractor != ExtractorKind::llm) {
    if (!rules) rules = &loaded.emplace(load_rules(config, vault.root));
    // Counted among these meetings alone, topics need a few of them.
    if (elsewhere || meetings.size() >= 3) {
      keys = meeting_phrase_keys(meetings, *rules);
      for (const std::vector<std::string>& meeting : keys) count_phrases(meeting, counts);
      counts = topic_counts(std::move(counts), elsewhere);
    }
  }
  std::vector<MeetingExtraction> out =
      extract_counted(meetings, vault, config, llm_cache, progress, counts, rules);
  for (size_t i = 0; i < keys.size(); ++i) out[i].phrase_keys = std::move(keys[i]);
  return out;
}

std::optional<std::string> StateResponseCache::get(const std::string& key) { return state_.cache_get(key); }

void StateResponseCache::put(const std::string& key, const std::string& value) {
  state_.cache_put(key, value);
}

bool extracted_nothing(const Meeting& meeting, const Extraction& extraction) {
  for (const Item& item : extraction.items)
    if (item.kind != ItemKind::summary && item.kind != ItemKind::contact && item.kind != ItemKind::topic)
      return false;
  size_t words = 0;
  for (const Section& section : meeting.note.sections)
    for (std::string_view line : split_lines(section.raw)) {
      std::string_view t = trim(strip_eol(line));
      if (t.empty() || t[0] == '#') continue;  // headings alone say nothing
      words += static_cast<size_t>(std::count(t.begin(), t.end(), ' ')) + 1;
    }
  return words >= 5;
}

}  // namespace dossier
