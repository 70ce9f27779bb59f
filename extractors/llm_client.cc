#include "extractors/llm_client.h"

#include "extractors/llm_server_quirks.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

namespace dossier {
namespace {

// libcurl requires one process-wide initialisation before any handle exists.
void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* s) const { curl_slist_free_all(s); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

struct HttpResult {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
  std::string retry_after;  // header value, if any
  std::string curl_error;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  std::string_view line(data, size * n);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    std::string lower(line.substr(0, kName.size()));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower == kName) {
      std::string_view v = line.substr(kName.size());
      while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
      while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
      static_cast<HttpResult*>(user)->retry_after = std::string(v);
    }
  }
  return size * n;
}

// Read at call time so a key is never kept anywhere dossier owns.
std::string api_key(const LlmConfig& config) {
  if (config.api_key_env.empty()) return "";
  const char* v = std::getenv(config.api_key_env.c_str());
  return v ? v : "";
}

// Defence in depth: a server could echo the Authorization header back.
std::string scrub(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t at; (at = text.find(secret)) != std::string::npos;) text.replace(at, secret.size(), "***");
  return text;
}

std::string endpoint(const LlmConfig& config, std::string_view path) {
  std::string base = config.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + std::string(path);
}

HttpResult perform(CURL* curl, const std::string& url, const std::string* post_body, const std::string& key,
                   double timeout_s, const RetryPolicy& retry) {
  HttpResult r;
  char errbuf[CURL_ERROR_SIZE] = {};
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // worker threads: no SIGALRM
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_s * 1000));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min(timeout_s, retry.connect_timeout_s) * 1000));
  Slist headers;
  auto add = [&](const std::string& h) { headers.reset(curl_slist_append(headers.release(), h.c_str())); };
  add("Accept: application/json");
  if (!key.empty()) add("Authorization: Bearer " + key);
  if (post_body) {
    add("Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post_body->c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  r.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  if (r.code != CURLE_OK) r.curl_error = errbuf[0] ? errbuf : curl_easy_strerror(r.code);
  return r;
}

// Network trouble that may well go away on its own.
bool transient(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return true;
    default:
      return false;
  }
}

bool retryable_status(long status) { return status == 429 || status >= 500; }

bool refuses_output_mode(const HttpResult& r) {
  return r.code == CURLE_OK && dossier::rejects_output_mode(r.status, r.body);
}

std::string describe_failure(const HttpResult& r) {
  if (r.code != CURLE_OK) return r.curl_error;
  std::string message = error_message(r.body);
  return "HTTP " + std::to_string(r.status) + (message.empty() ? "" : ": " + message);
}

// State shared by the workers of one post_chat_completions call.
struct Batch {
  const LlmConfig& config;
  const RetryPolicy& retry;
  std::string url;
  std::string key;
  LlmSession& session;  // how the server takes requests for JSON, learnt once per run
};

double backoff_s(const Batch& b, int retry_index, const HttpResult& r, std::mt19937& rng) {
  if (r.code == CURLE_OK && r.status == 429)
    if (auto after = parse_retry_after(r.retry_after)) return std::min(*after, b.retry.max_retry_after_s);
  double full = std::min(b.retry.max_delay_s, b.retry.base_delay_s * std::pow(2.0, retry_index));
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  return full * jitter(rng);
}

LlmResponse post_one(CURL* curl, Batch& b, const LlmRequest& req, std::mt19937& rng) {
  LlmResponse out;
  out.key = req.key;
  auto use_mode = [&](OutputMode mode) {
    out.mode = mode;
    out.used_json_object = mode != OutputMode::json_schema;
    return with_output_mode(req.body, mode);
  };
  std::string body = use_mode(b.session.modes.current());
  for (int retries = 0;;) {
    if (b.session.progress) b.session.progress->request_started();
    HttpResult r = perform(curl, b.url, &body, b.key, b.config.timeout_s, b.retry);
    if (b.session.progress) b.session.progress->request_finished();
    ++out.attempts;
    if (r.code == CURLE_OK && r.status >= 200 && r.status < 300) {
      if (auto assembled = completion_from_event_stream(r.body)) r.body = std::move(*assembled);
      // The answer goes into notes and the cache: a server that echoes the
      // key back (or was told to by an injected prompt) must not put it there.
      out.body = scrub(std::move(r.body), b.key);
      return out;
    }
    if (refuses_output_mode(r)) {
      // A protocol fallback, not a retry: the next way of asking for JSON.
      if (std::optional<OutputMode> next = b.session.modes.after_rejection(out.mode)) {
        body = use_mode(*next);
        continue;
      }
    }
    bool again = r.code == CURLE_OK ? retryable_status(r.status) : transient(r.code);
    if (!again || retries >= b.config.max_retries) {
      std::string tries = out.attempts > 1 ? " (after " + std::to_string(out.attempts) + " attempts)" : "";
      out.error = scrub("POST " + b.url + ": " + describe_failure(r) + tries, b.key);
      return out;
    }
    double wait = backoff_s(b, retries, r, rng);
    ++retries;
    std::this_thread::sleep_for(std::chrono::duration<double>(wait));
  }
}

}  // namespace

std::optional<double> parse_retry_after(std::string_view value) {
  if (value.empty() || value.size() > 12) return std::nullopt;
  std::string s(value);
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v) || v < 0) return std::nullopt;
  return v;
}

std::vector<LlmResponse> post_chat_completions(const std::vector<LlmRequest>& requests,
                                               const LlmConfig& config, const RetryPolicy& retry,
                                               LlmSession* session) {
  init_curl_once();
  std::vector<LlmResponse> responses(requests.size());
  LlmSession own_session;
  Batch batch{config, retry, endpoint(config, "/chat/completions"), api_key(config),
              session ? *session : own_session};
  std::atomic<size_t> next{0};
  auto work = [&] {
    CurlHandle curl(curl_easy_init());  // one handle per worker: its connection is reused
    std::mt19937 rng(std::random_device{}());
    for (size_t i; (i = next++) < requests.size();) {
      if (!curl) {
        responses[i].key = requests[i].key;
        responses[i].error = "POST " + batch.url + ": cannot create a libcurl handle";
        continue;
      }
      responses[i] = post_one(curl.get(), batch, requests[i], rng);
      if (batch.session.on_answered) batch.session.on_answered(i);
    }
  };
  size_t workers = std::min<size_t>(std::max(config.concurrency, 1), requests.size());
  std::vector<std::thread> threads;
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  if (workers > 0) work();  // the calling thread is a worker too
  for (auto& t : threads) t.join();
  return responses;
}

EndpointStatus check_endpoint_status(const LlmConfig& config) {
  init_curl_once();
  EndpointStatus s;
  std::string url = endpoint(config, "/models");
  std::string key = api_key(config);
  CurlHandle curl(curl_easy_init());
  if (!curl) {
    s.message = "GET " + url + ": cannot create a libcurl handle";
    return s;
  }
  HttpResult r = perform(curl.get(), url, nullptr, key, std::min(config.timeout_s, 15.0), RetryPolicy{});
  if (r.code != CURLE_OK || r.status < 200 || r.status >= 300) {
    s.message = scrub("LLM endpoint " + url + " does not answer: " + describe_failure(r), key);
    return s;
  }
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_object() || !j.contains("data") || !j["data"].is_array()) {
    s.message = "LLM endpoint " + url + " answers, but not with a model list";
    return s;
  }
  s.answers = true;
  std::vector<std::string> ids;
  for (const auto& m : j["data"])
    if (m.is_object() && m.contains("id") && m["id"].is_string()) ids.push_back(m["id"].get<std::string>());
  // Ollama lists "name:tag" and takes a bare name as "name:latest".
  s.model_listed = std::find(ids.begin(), ids.end(), config.model) != ids.end() ||
                   (config.model.find(':') == std::string::npos &&
                    std::find(ids.begin(), ids.end(), config.model + ":latest") != ids.end());
  if (s.model_listed) {
    s.message = "LLM endpoint " + url + " answers; model '" + config.model + "' is available";
  } else {
    std::string known;
    for (size_t i = 0; i < ids.size() && i < 10; ++i) known += (i ? ", " : "") + ids[i];
    s.message = "LLM endpoint " + url + " answers, but model '" + config.model + "' is not listed" +
                (known.empty() ? "" : " (it lists: " + known + (ids.size() > 10 ? ", ..." : "") + ")");
  }
  return s;
}

OutputModeProbe probe_output_mode(const LlmConfig& config, const std::string& request_body,
                                  const RetryPolicy& retry) {
  LlmConfig one = config;
  one.concurrency = 1;
  std::vector<LlmResponse> responses = post_chat_completions({{"probe", request_body}}, one, retry);
  OutputModeProbe probe;
  if (!responses[0].ok()) {
    probe.message = "structured output: none works (" + responses[0].error + ")";
    return probe;
  }
  probe.mode = responses[0].mode;
  probe.message = "structured output: " + std::string(to_string(*probe.mode));
  return probe;
}

}  // namespace dossier
