// HTTP transport for an OpenAI-compatible chat-completions endpoint (libcurl).
//
// The client knows just enough of the protocol to be robust: it retries
// connection errors, timeouts, 429 (honouring Retry-After) and 5xx with
// exponential backoff and jitter, and when a server rejects the way a request
// asks for JSON it moves the run to the next way the servers people run
// accept (llm_server_quirks.h). Parsing the model's answer is the extractor's
// job.
//
// The API key is read from the environment variable named by
// LlmConfig::api_key_env on every call; it is never stored, logged, or put
// into an error message.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "extractors/llm_server_quirks.h"
#include "util/progress.h"
#include "vault/config.h"

namespace dossier {

// One chat-completions request. `key` identifies it to the caller (the cache
// key, typically); `body` is the complete JSON request body.
struct LlmRequest {
  std::string key;
  std::string body;
};

struct LlmResponse {
  std::string key;
  std::string body;                           // the HTTP response body when ok()
  std::string error;                          // empty when ok(); otherwise "POST <url>: <what went wrong>"
  int attempts = 0;                           // HTTP requests made for this request
  bool used_json_object = false;              // fell back from json_schema to another mode
  OutputMode mode = OutputMode::json_schema;  // how the request that answered asked for JSON
  bool ok() const { return error.empty(); }
};

// Backoff knobs. Not part of dossier.yaml: the defaults suit real servers and
// tests shrink them to stay fast.
struct RetryPolicy {
  double base_delay_s = 0.5;      // first backoff; doubles each retry
  double max_delay_s = 20;        // cap for one backoff
  double max_retry_after_s = 60;  // cap for a server's Retry-After
  double connect_timeout_s = 10;  // capped further by LlmConfig::timeout_s
};

// What the requests of one run share, across calls of post_chat_completions:
// how the server takes requests for JSON (learnt once), and what a progress
// line shows.
struct LlmSession {
  EndpointModes modes;
  ProgressMeter* progress = nullptr;                // counts requests in flight; may be null
  std::function<void(size_t request)> on_answered;  // each request's final answer is in (any thread)
};

// POSTs every request to {base_url}/chat/completions, at most
// `config.concurrency` at once, and returns one response per request in the
// same order. Never throws for HTTP or network failures: they are reported in
// LlmResponse::error after `config.max_retries` retries. `session` carries
// what earlier calls of the same run learnt (may be null: this call learns on
// its own).
std::vector<LlmResponse> post_chat_completions(const std::vector<LlmRequest>& requests,
                                               const LlmConfig& config, const RetryPolicy& retry = {},
                                               LlmSession* session = nullptr);

// Which way of asking for JSON the endpoint takes: posts `request_body` (a
// request built with json_schema) and walks down the modes until one is
// accepted. For `dossier check`.
struct OutputModeProbe {
  std::optional<OutputMode> mode;  // nullopt: no mode worked, see message
  std::string message;             // one line
};
OutputModeProbe probe_output_mode(const LlmConfig& config, const std::string& request_body,
                                  const RetryPolicy& retry = {});

struct EndpointStatus {
  bool answers = false;       // GET {base_url}/models gave 2xx with a JSON model list
  bool model_listed = false;  // config.model is in that list
  std::string message;        // one line for `dossier check`
};

// GET {base_url}/models: does the endpoint answer, and does it list the model?
EndpointStatus check_endpoint_status(const LlmConfig& config);

// Seconds to wait from a Retry-After header value ("3", "0.5"); nullopt for
// an HTTP date or garbage (the caller then uses its own backoff).
std::optional<double> parse_retry_after(std::string_view value);

}  // namespace dossier
