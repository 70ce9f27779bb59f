// The chat-completions client against the fake server on 127.0.0.1.
#include "extractors/llm_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>

#include "extractors/llm_extractor.h"
#include "tests/fake_llm_server.h"

namespace dossier {
namespace {

using testing::FakeLlmServer;

constexpr const char* kKeyVar = "DOSSIER_LLM_CLIENT_TEST_KEY";
constexpr const char* kKey = "sk-test-secret-123";

std::string client_log_dir() {
  const char* t = std::getenv("DOSSIER_TEST_TMP");
  return std::string(t ? t : "/tmp") + "/llm_client_test";
}

std::unique_ptr<FakeLlmServer> start_server(const std::string& name, std::vector<std::string> args = {}) {
  return std::make_unique<FakeLlmServer>(std::string(DOSSIER_SOURCE_DIR) + "/tests/fake_llm_server.py",
                                         client_log_dir() + "/" + name + ".jsonl", std::move(args));
}

LlmConfig client_config(const FakeLlmServer& server) {
  LlmConfig c;
  c.base_url = server.base_url();
  c.model = "test-model";
  c.api_key_env = kKeyVar;
  c.timeout_s = 5;
  c.max_retries = 2;
  c.concurrency = 4;
  return c;
}

RetryPolicy fast_retry() {
  RetryPolicy r;
  r.base_delay_s = 0.01;
  r.max_delay_s = 0.05;
  return r;
}

LlmRequest request(const std::string& key, const std::string& scenario) {
  LlmConfig c;
  c.model = "test-model";
  Prompt p{"Known customers:\n- Acme\n",
           "<meeting-note>\nDecision: Acme buys.\nfake-scenario: " + scenario + "\n</meeting-note>\n"};
  return {key, build_request_body(c, p)};
}

TEST(LlmClientTest, SendsModelTemperatureSchemaAndKey) {
  auto server = start_server("basic");
  setenv(kKeyVar, kKey, 1);
  auto responses = post_chat_completions({request("k1", "good")}, client_config(*server), fast_retry());
  unsetenv(kKeyVar);
  ASSERT_EQ(responses.size(), 1u);
  ASSERT_TRUE(responses[0].ok()) << responses[0].error;
  EXPECT_EQ(responses[0].key, "k1");
  EXPECT_EQ(responses[0].attempts, 1);
  auto content = completion_content(responses[0].body);
  ASSERT_TRUE(content);
  EXPECT_NE(content->find("Acme buys."), std::string::npos);

  auto log = server->requests();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["path"], "/v1/chat/completions");
  EXPECT_EQ(log[0]["authorization"], std::string("Bearer ") + kKey);
  const auto& body = log[0]["body"];
  EXPECT_EQ(body["model"], "test-model");
  EXPECT_EQ(body["temperature"], 0);
  EXPECT_EQ(body["messages"][0]["role"], "system");
  EXPECT_EQ(body["messages"][1]["role"], "user");
  EXPECT_EQ(body["response_format"]["type"], "json_schema");
  EXPECT_EQ(body["response_format"]["json_schema"]["name"], "dossier_items");
  EXPECT_EQ(body["response_format"]["json_schema"]["strict"], true);
}

TEST(LlmClientTest, SendsNoAuthorizationWithoutKey) {
  auto server = start_server("nokey");
  unsetenv(kKeyVar);
  auto responses = post_chat_completions({request("k", "good")}, client_config(*server), fast_retry());
  ASSERT_TRUE(responses[0].ok()) << responses[0].error;
  EXPECT_TRUE(server->requests()[0]["authorization"].is_null());
}

TEST(LlmClientTest, Retries500ThenSucceeds) {
  auto server = start_server("500once");
  auto responses = post_chat_completions({request("k", "500-once")}, client_config(*server), fast_retry());
  ASSERT_TRUE(responses[0].ok()) << responses[0].error;
  EXPECT_EQ(responses[0].attempts, 2);
  EXPECT_EQ(server->request_count(), 2u);
}

TEST(LlmClientTest, GivesUpOnPersistent500WithoutLeakingTheKey) {
  auto server = start_server("500");
  setenv(kKeyVar, kKey, 1);
  auto responses = post_chat_completions({request("k", "500")}, client_config(*server), fast_retry());
  unsetenv(kKeyVar);
  ASSERT_FALSE(responses[0].ok());
  EXPECT_EQ(responses[0].attempts, 3);  // max_retries = 2
  EXPECT_NE(responses[0].error.find("HTTP 500"), std::string::npos) << responses[0].error;
  EXPECT_NE(responses[0].error.find("/v1/chat/completions"), std::string::npos);
  EXPECT_EQ(responses[0].error.find(kKey), std::string::npos);
}

TEST(LlmClientTest, DoesNotRetryAClientError) {
  auto server = start_server("400");
  auto responses = post_chat_completions({request("k", "400")}, client_config(*server), fast_retry());
  ASSERT_FALSE(responses[0].ok());
  EXPECT_EQ(responses[0].attempts, 1);
  EXPECT_FALSE(responses[0].used_json_object);
  EXPECT_NE(responses[0].error.find("HTTP 400: model 'x' does not exist"), std::string::npos)
      << responses[0].error;
}

TEST(LlmClientTest, HonoursRetryAfterOn429) {
  auto server = start_server("429once", {"--retry-after", "1"});
  auto responses = post_chat_completions({request("k", "429-once")}, client_config(*server), fast_retry());
  ASSERT_TRUE(responses[0].ok()) << responses[0].error;
  EXPECT_EQ(responses[0].attempts, 2);
  // The server saw the retry at least the second it asked for after the
  // 429 (the backoff alone would be ~0.01 s); a busy machine only adds to it.
  auto log = server->requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_GE(log[1]["start"].get<double>() - log[0]["end"].get<double>(), 0.95);
}

TEST(LlmClientTest, CapsRetryAfterAndReportsPersistent429) {
  auto server = start_server("429", {"--retry-after", "100"});
  RetryPolicy retry = fast_retry();
  retry.max_retry_after_s = 0.05;
  auto responses = post_chat_completions({request("k", "429")}, client_config(*server), retry);
  ASSERT_FALSE(responses[0].ok());
  EXPECT_EQ(responses[0].attempts, 3);
  // Capped: the retries came nowhere near the 100 s the server asked for.
  auto log = server->requests();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_LT(log[2]["start"].get<double>() - log[0]["end"].get<double>(), 50.0);
  EXPECT_NE(responses[0].error.find("HTTP 429"), std::string::npos) << responses[0].error;
}

TEST(LlmClientTest, TimesOutAndRetries) {
  auto server = start_server("timeout", {"--hang", "120"});
  LlmConfig config = client_config(*server);
  config.timeout_s = 0.3;
  config.max_retries = 1;
  auto responses = post_chat_completions({request("k", "timeout")}, config, fast_retry());
  ASSERT_FALSE(responses[0].ok());
  EXPECT_EQ(responses[0].attempts, 2);
  EXPECT_NE(responses[0].error.find("timed out"), std::string::npos) << responses[0].error;
  // The server logs a request once it answers it, and holds each for 120 s:
  // both attempts were given up before it answered either.
  EXPECT_EQ(server->request_count(), 0u);
}

TEST(LlmClientTest, RetriesADroppedConnection) {
  auto server = start_server("drop");
  auto responses = post_chat_completions({request("k", "drop-once")}, client_config(*server), fast_retry());
  ASSERT_TRUE(responses[0].ok()) << responses[0].error;
  EXPECT_EQ(responses[0].attempts, 2);
}

int unused_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);  // nothing listens there now
  return ntohs(addr.sin_port);
}

TEST(LlmClientTest, ReportsConnectionRefusedAfterRetries) {
  LlmConfig config;
  config.base_url = "http://127.0.0.1:" + std::to_string(unused_port()) + "/v1/";
  config.max_retries = 2;
  auto responses = post_chat_completions({request("k", "good")}, config, fast_retry());
  ASSERT_FALSE(responses[0].ok());
  EXPECT_EQ(responses[0].attempts, 3);
  EXPECT_NE(responses[0].error.find("/v1/chat/completions"), std::string::npos) << responses[0].error;
}

TEST(LlmClientTest, FallsBackToJsonObjectWhenSchemaIsRejected) {
  auto server = start_server("noschema");
  auto responses = post_chat_completions({request("k", "no-schema")}, client_config(*server), fast_retry());
  ASSERT_TRUE(responses[0].ok()) << responses[0].error;
  EXPECT_TRUE(responses[0].used_json_object);
  auto log = server->requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0]["body"]["response_format"]["type"], "json_schema");
  EXPECT_EQ(log[1]["body"]["response_format"]["type"], "json_object");
  EXPECT_EQ(log[1]["body"]["messages"], log[0]["body"]["messages"]);
}

TEST(LlmClientTest, KeepsConcurrencyRequestsInFlight) {
  auto server = start_server("concurrency", {"--delay", "0.3"});
  std::vector<LlmRequest> requests;
  for (int i = 0; i < 8; ++i)
    requests.push_back(request("k" + std::to_string(i), "good " + std::to_string(i)));
  auto responses = post_chat_completions(requests, client_config(*server), fast_retry());
  ASSERT_EQ(responses.size(), 8u);
  for (int i = 0; i < 8; ++i) {
    EXPECT_TRUE(responses[i].ok()) << responses[i].error;
    EXPECT_EQ(responses[i].key, "k" + std::to_string(i));  // results keep request order
  }
  // Never more than four at once (the configured concurrency), and more
  // than one: counted from the server's log, not timed.
  int peak = server->most_in_flight();
  EXPECT_LE(peak, 4);
  EXPECT_GE(peak, 3);
}

TEST(LlmClientTest, ChecksEndpointAndModel) {
  auto server = start_server("models", {"--models", "other,test-model"});
  LlmConfig config = client_config(*server);
  EndpointStatus ok = check_endpoint_status(config);
  EXPECT_TRUE(ok.answers);
  EXPECT_TRUE(ok.model_listed);
  EXPECT_NE(ok.message.find("'test-model' is available"), std::string::npos) << ok.message;

  config.model = "missing-model";
  EndpointStatus missing = check_endpoint_status(config);
  EXPECT_TRUE(missing.answers);
  EXPECT_FALSE(missing.model_listed);
  EXPECT_NE(check_endpoint_status(config).message.find("not listed (it lists: other, test-model)"),
            std::string::npos);

  config.base_url = "http://127.0.0.1:" + std::to_string(unused_port()) + "/v1";
  EndpointStatus down = check_endpoint_status(config);
  EXPECT_FALSE(down.answers);
  EXPECT_NE(down.message.find("does not answer"), std::string::npos) << down.message;
}

TEST(LlmClientTest, ParsesRetryAfterSeconds) {
  EXPECT_EQ(parse_retry_after("3"), 3.0);
  EXPECT_EQ(parse_retry_after("0.5"), 0.5);
  EXPECT_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
  EXPECT_FALSE(parse_retry_after("-1"));
  EXPECT_FALSE(parse_retry_after(""));
}

}  // namespace
}  // namespace dossier
