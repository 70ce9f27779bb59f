// What OpenAI-compatible servers really accept, and what they answer.
//
// They all take POST /chat/completions, but not the same ways of asking for
// JSON, and they do not fail the same way:
//   - OpenAI and recent Ollama, llama.cpp and vLLM take response_format
//     {"type":"json_schema","json_schema":{"schema":...}}.
//   - Older llama.cpp servers take only {"type":"json_object","schema":...}
//     and reject json_schema with HTTP 500 (an exception turned into a
//     server_error), not 400.
//   - Older vLLM servers take only "text" or "json_object" in
//     response_format, reject unknown fields with 400, and constrain output
//     to a schema through the top-level extra field "guided_json".
//   - Error bodies differ: {"error":{"message":...}} (OpenAI, Ollama,
//     llama.cpp, recent vLLM), {"object":"error","message":...} (older
//     vLLM), {"error":"..."} and {"detail":...} (others).
// A request is built once with json_schema; a rejection moves the whole run
// to the next mode (EndpointModes), most constrained first.
#pragma once
#include <atomic>
#include <optional>
#include <string>
#include <string_view>

namespace dossier {

enum class OutputMode {
  json_schema,         // response_format {"type":"json_schema","json_schema":{...}}
  json_object_schema,  // response_format {"type":"json_object","schema":{...}} (llama.cpp)
  guided_json,         // no response_format; "guided_json": schema (vLLM)
  json_object,         // response_format {"type":"json_object"}: JSON, any shape
  prompt_only,         // nothing: the prompt alone asks for JSON
};
std::string_view to_string(OutputMode mode);

// The mode every request of one run uses: starts at json_schema and only
// moves down, when the server rejects the current one. Thread-safe.
class EndpointModes {
 public:
  OutputMode current() const { return static_cast<OutputMode>(mode_.load()); }
  // `rejected` was refused: returns the mode to try next (the current one if
  // another request already moved on), nullopt when nothing is left.
  std::optional<OutputMode> after_rejection(OutputMode rejected);

 private:
  std::atomic<int> mode_{0};
};

// `body` (a chat-completions request whose response_format is json_schema)
// rewritten to ask for JSON the way `mode` does. Also sets "stream": false:
// a proxy or server that streams by default would otherwise answer with
// server-sent events. Returns `body` unchanged if it is not such a request.
std::string with_output_mode(const std::string& body, OutputMode mode);

// Whether an HTTP error is the server refusing how the request asked for
// JSON (rather than the request as such): 400/422, or 500 from servers that
// turn a parse exception into a server error, whose message names
// response_format, json_schema, guided_json or the schema.
bool rejects_output_mode(long status, std::string_view body);

// The human message of an error body of any of the shapes above, else the
// body itself; one line, at most 300 bytes.
std::string error_message(std::string_view body);

// A chat completion assembled from a server-sent-events answer
// ("data: {chunk}" lines with choices[0].delta.content); nullopt when `body`
// is not one.
std::optional<std::string> completion_from_event_stream(std::string_view body);

}  // namespace dossier
