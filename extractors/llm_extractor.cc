// The LLM extraction of a batch of meetings: every chunk of every meeting is
// one request; cached answers are reused; the rest go out together so that
// several meetings are in flight at once.
#include "extractors/llm_extractor.h"

#include <algorithm>
#include <mutex>
#include <set>
#include <tuple>

#include "vault/note.h"

namespace dossier {
namespace {

// One chunk of one meeting, from request to grounded items.
struct Job {
  size_t meeting = 0;
  TextChunk chunk;
  std::string key;
  std::string body;
  bool done = false;
  GroundedItems grounded;
};

struct MeetingState {
  std::string text;  // the meeting file's bytes: what quotes are checked against
  std::vector<size_t> jobs;
};

// A meeting reports the first thing that went wrong with it.
void keep_first_error(LlmMeetingResult& result, const std::string& message) {
  if (!result.error) result.error = Failure(result.path, 1, message);
}

// Items of all chunks in line order, without exact repeats (the overlap
// between chunks makes them) and with one summary per customer.
Extraction assemble(const std::vector<const Job*>& jobs) {
  Extraction ex;
  std::vector<Item> all;
  for (const Job* job : jobs) {
    ex.dropped_ungrounded += job->grounded.dropped_ungrounded;
    all.insert(all.end(), job->grounded.items.begin(), job->grounded.items.end());
  }
  std::stable_sort(all.begin(), all.end(), [](const Item& a, const Item& b) { return a.line < b.line; });
  std::set<std::tuple<ItemKind, std::string, std::string>> seen;
  std::set<std::string> summarised;
  for (Item& item : all) {
    std::string customer = item.customer.value_or("");
    if (!seen.insert({item.kind, item.text, customer}).second) continue;
    if (item.kind == ItemKind::summary && !summarised.insert(customer).second) continue;
    if (item.customer &&
        std::find(ex.customers.begin(), ex.customers.end(), *item.customer) == ex.customers.end())
      ex.customers.push_back(*item.customer);
    ex.items.push_back(std::move(item));
  }
  return ex;
}

// Parses and grounds an answer; false (and `error`) when it is not usable.
bool accept_answer(Job& job, const std::string& content, const MeetingState& m, const VaultIndex& vault,
                   LlmMeetingResult& result, std::string& error) {
  ParsedAnswer parsed = parse_llm_content(content);
  if (!parsed.error.empty()) {
    error = parsed.error;
    return false;
  }
  job.grounded = ground_items(parsed.items, m.text, job.chunk, vault);
  result.dropped_unknown_customer += job.grounded.dropped_unknown_customer;
  result.dropped_unknown_kind += job.grounded.dropped_unknown_kind;
  job.done = true;
  return true;
}

// One request per chunk of each meeting; `states[i]` gets meeting i's text
// and the indexes of its jobs.
std::vector<Job> plan_jobs(const std::vector<const Meeting*>& meetings, const VaultIndex& vault,
                           const LlmConfig& config, std::string_view prompt_template,
                           std::vector<MeetingState>& states) {
  std::vector<Job> jobs;
  for (size_t i = 0; i < meetings.size(); ++i) {
    const Meeting& meeting = *meetings[i];
    states[i].text = render_note(meeting.note);
    auto chunks = chunk_text(states[i].text, config.chunk_tokens, config.chunk_overlap_lines);
    for (size_t c = 0; c < chunks.size(); ++c) {
      std::string_view chunk =
          std::string_view(states[i].text).substr(chunks[c].begin, chunks[c].end - chunks[c].begin);
      Prompt prompt = build_prompt(prompt_template, meeting, vault, chunk, chunks[c], static_cast<int>(c) + 1,
                                   static_cast<int>(chunks.size()));
      states[i].jobs.push_back(jobs.size());
      Job job;
      job.meeting = i;
      job.chunk = chunks[c];
      job.key = llm_cache_key(config.model, prompt);
      job.body = build_request_body(config, prompt);
      jobs.push_back(std::move(job));
    }
  }
  return jobs;
}

}  // namespace

std::optional<std::string> MemoryResponseCache::get(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void MemoryResponseCache::put(const std::string& key, const std::string& value) { entries_[key] = value; }

std::vector<LlmMeetingResult> extract_llm(const std::vector<const Meeting*>& meetings,
                                          const VaultIndex& vault, const LlmConfig& config,
                                          std::string_view prompt_template, ResponseCache& cache,
                                          const RetryPolicy& retry, ProgressMeter* progress) {
  std::vector<LlmMeetingResult> results(meetings.size());
  std::vector<MeetingState> states(meetings.size());
  std::vector<Job> jobs = plan_jobs(meetings, vault, config, prompt_template, states);
  for (size_t i = 0; i < meetings.size(); ++i) results[i].path = meetings[i]->path;

  std::vector<size_t> pending;
  for (size_t j = 0; j < jobs.size(); ++j) {
    Job& job = jobs[j];
    std::string ignored;
    if (auto cached = cache.get(job.key);
        cached && accept_answer(job, *cached, states[job.meeting], vault, results[job.meeting], ignored)) {
      ++results[job.meeting].cache_hits;
    } else {
      pending.push_back(j);
    }
  }

  // Progress: a meeting is done when all its chunks have an answer, from
  // the cache or from the first round of requests.
  std::vector<int> unanswered(meetings.size(), 0);
  for (size_t j : pending) ++unanswered[jobs[j].meeting];
  if (progress)
    for (int n : unanswered)
      if (n == 0) progress->meeting_done();
  std::mutex unanswered_mutex;

  // An answer that is not valid JSON of the schema gets one more try. Both
  // rounds ask for JSON the way the server was found to take it.
  LlmSession session;
  session.progress = progress;
  for (int round = 0; round < 2 && !pending.empty(); ++round) {
    std::erase_if(pending, [&](size_t j) { return results[jobs[j].meeting].error.has_value(); });
    std::vector<LlmRequest> requests;
    for (size_t j : pending) requests.push_back({jobs[j].key, jobs[j].body});
    session.on_answered = nullptr;
    if (progress && round == 0)
      session.on_answered = [&](size_t r) {
        std::lock_guard<std::mutex> lock(unanswered_mutex);
        if (--unanswered[jobs[pending[r]].meeting] == 0) progress->meeting_done();
      };
    std::vector<LlmResponse> responses = post_chat_completions(requests, config, retry, &session);
    std::vector<size_t> again;
    for (size_t r = 0; r < pending.size(); ++r) {
      Job& job = jobs[pending[r]];
      LlmMeetingResult& result = results[job.meeting];
      result.requests += responses[r].attempts;
      if (!responses[r].ok()) {
        keep_first_error(result, "LLM request failed: " + responses[r].error);
        continue;
      }
      std::string error = "the response is not a chat completion";
      auto content = completion_content(responses[r].body);
      if (content && accept_answer(job, *content, states[job.meeting], vault, result, error)) {
        cache.put(job.key, *content);
      } else if (round == 0) {
        again.push_back(pending[r]);
      } else {
        keep_first_error(result, "unusable LLM answer, even on retry: " + error);
      }
    }
    pending = std::move(again);
  }

  for (size_t i = 0; i < meetings.size(); ++i) {
    if (results[i].error) continue;
    std::vector<const Job*> mine;
    for (size_t j : states[i].jobs) mine.push_back(&jobs[j]);
    results[i].extraction = assemble(mine);
  }
  return results;
}

LlmMeetingResult extract_llm(const Meeting& meeting, const VaultIndex& vault, const LlmConfig& config,
                             std::string_view prompt_template, ResponseCache& cache,
                             const RetryPolicy& retry) {
  return extract_llm(std::vector<const Meeting*>{&meeting}, vault, config, prompt_template, cache, retry)[0];
}

}  // namespace dossier
