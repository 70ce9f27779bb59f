#include "extractors/llm_server_quirks.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/unicode.h"

namespace dossier {
namespace {

using nlohmann::json;

constexpr int kModeCount = static_cast<int>(OutputMode::prompt_only) + 1;

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string one_line(std::string s, size_t max_bytes) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  std::replace(s.begin(), s.end(), '\r', ' ');
  return truncate_utf8(std::move(s), max_bytes);
}

}  // namespace

std::string_view to_string(OutputMode mode) {
  switch (mode) {
    case OutputMode::json_schema:
      return "json_schema";
    case OutputMode::json_object_schema:
      return "json_object with schema";
    case OutputMode::guided_json:
      return "guided_json";
    case OutputMode::json_object:
      return "json_object";
    case OutputMode::prompt_only:
      return "none (prompt only)";
  }
  return "?";
}

std::optional<OutputMode> EndpointModes::after_rejection(OutputMode rejected) {
  int expected = static_cast<int>(rejected);
  if (expected + 1 >= kModeCount) return std::nullopt;
  // Only the first request to learn it moves the run on; the others find
  // the mode already moved and use it.
  mode_.compare_exchange_strong(expected, expected + 1);
  return current();
}

std::string with_output_mode(const std::string& body, OutputMode mode) {
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return body;
  j["stream"] = false;
  if (!j.contains("response_format") || !j["response_format"].is_object()) return j.dump();
  json schema = j["response_format"].value("json_schema", json::object()).value("schema", json::object());
  switch (mode) {
    case OutputMode::json_schema:
      break;
    case OutputMode::json_object_schema:
      j["response_format"] = {{"type", "json_object"}, {"schema", schema}};
      break;
    case OutputMode::guided_json:
      j.erase("response_format");
      j["guided_json"] = schema;
      break;
    case OutputMode::json_object:
      j["response_format"] = {{"type", "json_object"}};
      break;
    case OutputMode::prompt_only:
      j.erase("response_format");
      break;
  }
  return j.dump();
}

bool rejects_output_mode(long status, std::string_view body) {
  if (status != 400 && status != 422 && status != 500) return false;
  std::string lower = lowercase(body);
  for (std::string_view word : {"response_format", "json_schema", "json_object", "guided_json", "schema"})
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

std::string error_message(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  std::string message;
  if (j.is_object()) {
    const json* e = j.contains("error") ? &j["error"] : nullptr;
    if (e && e->is_object() && e->contains("message") && (*e)["message"].is_string())
      message = (*e)["message"].get<std::string>();  // OpenAI, Ollama, llama.cpp, recent vLLM
    else if (e && e->is_string())
      message = e->get<std::string>();
    else if (j.contains("message") && j["message"].is_string())
      message = j["message"].get<std::string>();  // older vLLM: {"object":"error","message":...}
    else if (j.contains("detail"))
      message = j["detail"].is_string() ? j["detail"].get<std::string>() : j["detail"].dump();
  }
  if (message.empty()) message = std::string(body);
  return one_line(std::move(message), 300);
}

std::optional<std::string> completion_from_event_stream(std::string_view body) {
  size_t start = body.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || body.substr(start, 5) != "data:") return std::nullopt;
  std::string content, model, finish = "stop";
  for (size_t at = start; at < body.size();) {
    size_t end = std::min(body.find('\n', at), body.size());
    std::string_view line = body.substr(at, end - at);
    at = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.starts_with("data:")) continue;
    line.remove_prefix(5);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line == "[DONE]") break;
    json chunk = json::parse(line, nullptr, false);
    if (!chunk.is_object() || !chunk.contains("choices") || !chunk["choices"].is_array() ||
        chunk["choices"].empty())
      continue;
    if (chunk.contains("model") && chunk["model"].is_string()) model = chunk["model"].get<std::string>();
    const json& choice = chunk["choices"][0];
    if (choice.contains("delta") && choice["delta"].is_object() && choice["delta"].contains("content") &&
        choice["delta"]["content"].is_string())
      content += choice["delta"]["content"].get<std::string>();
    if (choice.contains("finish_reason") && choice["finish_reason"].is_string())
      finish = choice["finish_reason"].get<std::string>();
  }
  json completion = {{"object", "chat.completion"},
                     {"model", model},
                     {"choices",
                      {{{"index", 0},
                        {"finish_reason", finish},
                        {"message", {{"role", "assistant"}, {"content", content}}}}}}};
  return completion.dump();
}

}  // namespace dossier
