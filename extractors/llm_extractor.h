// The LLM extractor: meeting notes in, grounded items out, through an
// OpenAI-compatible chat-completions endpoint (see
// ../shared/spec/llm-contract.md for the answer's shape).
//
// The model proposes; dossier checks. An item survives only if its kind is
// one of ItemKind, its customer is a known customer (or null), and its quote
// is found in the meeting note. The model never chooses a path or a section:
// those follow from the customer and the kind, through the config.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/llm_client.h"
#include "util/error.h"
#include "vault/config.h"
#include "vault/item.h"
#include "vault/meeting.h"
#include "vault/vault.h"

namespace dossier {

// Where model answers are kept between runs (the state store implements it in
// SQLite). Keys are llm_cache_key(); values are the model's answer text. Only
// answers that parsed and matched the schema are put. Called from the thread
// that called extract_llm only.
struct ResponseCache {
  virtual ~ResponseCache() = default;
  virtual std::optional<std::string> get(const std::string& key) = 0;
  virtual void put(const std::string& key, const std::string& value) = 0;
};

// A cache that lives as long as the object: for tests and one-off runs.
class MemoryResponseCache : public ResponseCache {
 public:
  std::optional<std::string> get(const std::string& key) override;
  void put(const std::string& key, const std::string& value) override;
  size_t size() const { return entries_.size(); }

 private:
  std::map<std::string, std::string> entries_;
};

struct LlmMeetingResult {
  std::string path;                  // the meeting's vault-relative path
  Extraction extraction;             // empty when `error` is set: no partial results
  std::optional<Failure> error;      // about the whole meeting (line 1)
  int dropped_unknown_customer = 0;  // items naming a customer that is not known
  int dropped_unknown_kind = 0;      // items whose kind is not an ItemKind
  int requests = 0;                  // HTTP requests made (0 on a re-run over unchanged notes)
  int cache_hits = 0;                // chunks answered from the cache
};

// Extracts every meeting, up to `config.concurrency` requests in flight across
// all of them. One result per meeting, in order. A meeting whose request fails
// after retries, or whose answer is not valid JSON of the schema even on a
// second try, gets an error; the other meetings are unaffected. Never throws
// for endpoint trouble. `progress` (may be null) counts meetings as their
// answers come in, and the requests in flight.
std::vector<LlmMeetingResult> extract_llm(const std::vector<const Meeting*>& meetings,
                                          const VaultIndex& vault, const LlmConfig& config,
                                          std::string_view prompt_template, ResponseCache& cache,
                                          const RetryPolicy& retry = {}, ProgressMeter* progress = nullptr);
LlmMeetingResult extract_llm(const Meeting& meeting, const VaultIndex& vault, const LlmConfig& config,
                             std::string_view prompt_template, ResponseCache& cache,
                             const RetryPolicy& retry = {});

// The prompt template: `config.prompt` (vault-relative) when set, else the
// built-in templates/prompts/extract.md. Throws ConfigError when the file
// cannot be read or lies outside the vault.
std::string load_llm_prompt(const std::filesystem::path& vault_root, const LlmConfig& config);

// Hybrid mode: every rules item, plus the LLM items that do not repeat a
// rules item of the same kind (same normalised text, or same line). Sorted
// by line, rules first on a tie.
std::vector<Item> merge_hybrid(std::vector<Item> rules_items, std::vector<Item> llm_items);

// ---- Building blocks, exposed for tests. ----

// A run of whole lines of the meeting text: [begin, end) bytes, lines
// first_line..last_line (1-based, inclusive).
struct TextChunk {
  size_t begin = 0, end = 0;
  int first_line = 1, last_line = 1;
};

// Splits `text` into chunks of at most chunk_tokens * 4 bytes (a line longer
// than that is a chunk of its own), each repeating the last `overlap_lines`
// lines of the previous one.
std::vector<TextChunk> chunk_text(std::string_view text, int chunk_tokens, int overlap_lines);

struct Prompt {
  std::string system;
  std::string user;
};

// Fills the template's {{placeholders}} (customers, not_customers, kinds,
// title, date, attendees, path, part, parts, first_line, last_line, note).
// The part after a line "<!-- user -->" is the user message; the rest is the
// system message. Placeholders inside the substituted values (the note text,
// say) are left alone.
Prompt build_prompt(std::string_view prompt_template, const Meeting& meeting, const VaultIndex& vault,
                    std::string_view chunk, const TextChunk& where, int part, int parts);

// The JSON schema of the contract's answer, and the request body using it.
std::string items_json_schema();
std::string build_request_body(const LlmConfig& config, const Prompt& prompt);

// Hex hash of (model, prompt): the chunk is in the prompt.
std::string llm_cache_key(std::string_view model, const Prompt& prompt);

// One item as the model gave it, before any checks.
struct RawLlmItem {
  std::string kind;
  std::string text;
  std::optional<std::string> customer;
  std::string quote;
};

struct ParsedAnswer {
  std::vector<RawLlmItem> items;
  std::string error;  // empty when the answer is valid JSON of the schema
};

// The model's answer (the message content): plain JSON, JSON in a Markdown
// code fence, or JSON with chatter around it.
ParsedAnswer parse_llm_content(std::string_view content);
// The message content of a chat-completions response body.
std::optional<std::string> completion_content(std::string_view response_body);

// Byte offset in `text` where `quote` starts, comparing with runs of
// whitespace folded to one space and Markdown emphasis markers (*, `) ignored;
// searching [from, to) of `text`.
std::optional<size_t> find_quote(std::string_view text, std::string_view quote, size_t from = 0,
                                 size_t to = std::string_view::npos);

struct GroundedItems {
  std::vector<Item> items;
  int dropped_ungrounded = 0;
  int dropped_unknown_customer = 0;
  int dropped_unknown_kind = 0;
};

// Checks raw items against the meeting text (the quote is looked for in the
// chunk first, then in the whole text) and the vault's customers.
GroundedItems ground_items(const std::vector<RawLlmItem>& raw, std::string_view meeting_text,
                           const TextChunk& chunk, const VaultIndex& vault);

}  // namespace dossier
