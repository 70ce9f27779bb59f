// The LLM client against fake servers that accept, reject and answer the way
// Ollama's /v1, the llama.cpp server (old and new), vLLM (old and new) and
// OpenAI do (tests/fake_llm_server.py --flavor), plus the pure helpers of
// extractors/llm_server_quirks.h.
#include "extractors/llm_server_quirks.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "extractors/llm_client.h"
#include "tests/llm_test_support.h"

namespace dossier {
namespace {

using namespace llm_test;
using nlohmann::json;

struct Flavor {
  const char* name;
  OutputMode mode;     // what the run settles on
  int extra_requests;  // rejections before it does (once per run)
};

const Flavor kFlavors[] = {
    {"openai", OutputMode::json_schema, 0},     {"ollama", OutputMode::json_schema, 0},
    {"ollama-old", OutputMode::json_schema, 0},  // ignores the schema silently; answers are fenced
    {"llamacpp", OutputMode::json_schema, 0},   {"llamacpp-old", OutputMode::json_object_schema, 1},
    {"vllm", OutputMode::json_schema, 0},       {"vllm-old", OutputMode::guided_json, 2},
};

// Each test logs to its own file: ctest runs tests in parallel.
std::unique_ptr<FakeLlmServer> start_flavor(const std::string& flavor) {
  std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  return start("servers-" + test + "-" + flavor, {"--flavor", flavor});
}

std::string one_request_body(const std::string& model = "test-model") {
  LlmConfig config;
  config.model = model;
  return build_request_body(config, Prompt{"Known customers:\n- Acme\n",
                                           "<meeting-note>\nDecision: Acme buys.\n</meeting-note>\n"});
}

// How a logged request asked for JSON.
json asked_for(const json& body) {
  return {{"response_format", body.value("response_format", json())},
          {"guided_json", body.value("guided_json", json())}};
}

TEST(LlmServers, EachServerIsAskedForJsonTheWayItTakesItOncePerRun) {
  for (const Flavor& f : kFlavors) {
    SCOPED_TRACE(f.name);
    auto server = start_flavor(f.name);
    LlmConfig config = config_for(*server);
    config.concurrency = 1;  // exact request counts
    config.timeout_s = 60;   // a loaded machine must not turn into retries
    std::vector<Meeting> meetings;
    for (int i = 0; i < 3; ++i)
      meetings.push_back(make_meeting("m" + std::to_string(i), meeting_text("good " + std::to_string(i))));
    std::vector<const Meeting*> pointers;
    for (const Meeting& m : meetings) pointers.push_back(&m);
    MemoryResponseCache cache;
    auto results = extract_llm(pointers, test_vault(), config, builtin_prompt(), cache, fast_retry());
    for (const auto& r : results) {
      ASSERT_FALSE(r.error) << r.error->text();
      EXPECT_EQ(r.extraction.items.size(), 3u);
    }
    auto log = server->requests();
    ASSERT_GE(static_cast<int>(log.size()), 3 + f.extra_requests);
    const json& last = log.back()["body"];
    int refused = 0;
    for (const json& r : log) refused += asked_for(r["body"]) != asked_for(last);
    EXPECT_EQ(refused, f.extra_requests) << "the fallback is learnt once per run, not per meeting";
    EXPECT_EQ(last["stream"], false) << "dossier never relies on a server's streaming default";
    switch (f.mode) {
      case OutputMode::json_schema:
        EXPECT_EQ(last["response_format"]["type"], "json_schema");
        break;
      case OutputMode::json_object_schema:
        EXPECT_EQ(last["response_format"]["type"], "json_object");
        EXPECT_TRUE(last["response_format"]["schema"].is_object());
        break;
      case OutputMode::guided_json:
        EXPECT_FALSE(last.contains("response_format"));
        EXPECT_TRUE(last["guided_json"].is_object());
        break;
      default:
        ADD_FAILURE() << "unexpected mode";
    }
  }
}

TEST(LlmServers, TheProbeNamesTheModeEachServerTakes) {
  for (const Flavor& f : kFlavors) {
    SCOPED_TRACE(f.name);
    auto server = start_flavor(f.name);
    OutputModeProbe probe = probe_output_mode(config_for(*server), one_request_body(), fast_retry());
    ASSERT_TRUE(probe.mode) << probe.message;
    EXPECT_EQ(*probe.mode, f.mode);
    EXPECT_EQ(probe.message, "structured output: " + std::string(to_string(f.mode)));
  }
}

TEST(LlmServers, ErrorsReadAsTheServersMessage) {
  auto server = start_flavor("ollama");
  auto responses =
      post_chat_completions({{"k", one_request_body("llama3.2")}}, config_for(*server), fast_retry());
  ASSERT_FALSE(responses[0].ok());
  EXPECT_NE(responses[0].error.find("HTTP 404: model \"llama3.2\" not found, try pulling it first"),
            std::string::npos)
      << responses[0].error;
  EXPECT_EQ(responses[0].attempts, 1) << "a 404 is not worth a retry";
}

TEST(LlmServers, OllamaListsModelsWithTheirTag) {
  auto server = start_flavor("ollama");
  EndpointStatus status = check_endpoint_status(config_for(*server));  // model: test-model
  EXPECT_TRUE(status.model_listed) << status.message;
}

TEST(LlmServers, AnAnswerStreamedAnywayIsAssembled) {
  auto server = start("servers-sse", {"--scenario", "sse"});
  MemoryResponseCache cache;
  Meeting m = make_meeting("sse", meeting_text("sse"));
  LlmMeetingResult r =
      extract_llm(m, test_vault(), config_for(*server), builtin_prompt(), cache, fast_retry());
  ASSERT_FALSE(r.error) << r.error->text();
  EXPECT_EQ(r.extraction.items.size(), 3u);
}

TEST(LlmServerQuirks, ErrorMessagesOfEveryShape) {
  EXPECT_EQ(error_message(
                R"({"error":{"message":"bad key","type":"invalid_request_error","param":null,"code":null}})"),
            "bad key");
  EXPECT_EQ(
      error_message(
          R"({"error":{"code":500,"message":"response_format type must be one of","type":"server_error"}})"),
      "response_format type must be one of");
  EXPECT_EQ(
      error_message(
          R"({"object":"error","message":"Input should be 'text'\nor 'json_object'","type":"BadRequestError","param":null,"code":400})"),
      "Input should be 'text' or 'json_object'");
  EXPECT_EQ(error_message(R"({"error":"model 'x' not found"})"), "model 'x' not found");
  EXPECT_EQ(error_message(R"({"detail":[{"loc":["body"],"msg":"field required"}]})"),
            R"([{"loc":["body"],"msg":"field required"}])");
  EXPECT_EQ(error_message("<html>502 Bad Gateway</html>"), "<html>502 Bad Gateway</html>");
  EXPECT_EQ(error_message(std::string(400, 'x')).size(), 300u);
}

TEST(LlmServerQuirks, RejectionsOfTheOutputModeAreToldFromOtherErrors) {
  EXPECT_TRUE(rejects_output_mode(400, R"({"error":{"message":"Invalid schema for response_format 'x'"}})"));
  EXPECT_TRUE(rejects_output_mode(
      500,
      R"({"error":{"message":"response_format type must be one of \"text\" or \"json_object\", but got: json_schema"}})"));
  EXPECT_TRUE(rejects_output_mode(422, R"({"detail":"guided_json: extra fields not permitted"})"));
  EXPECT_FALSE(rejects_output_mode(400, R"({"error":{"message":"model 'x' does not exist"}})"));
  EXPECT_FALSE(rejects_output_mode(500, R"({"error":{"message":"internal error"}})"));
  EXPECT_FALSE(rejects_output_mode(429, R"({"error":{"message":"rate limit on response_format requests"}})"));
}

TEST(LlmServerQuirks, ModesOnlyMoveDownAndOncePerRejection) {
  EndpointModes modes;
  EXPECT_EQ(modes.current(), OutputMode::json_schema);
  EXPECT_EQ(modes.after_rejection(OutputMode::json_schema), OutputMode::json_object_schema);
  // A second request that was rejected with json_schema at the same time
  // does not skip a mode.
  EXPECT_EQ(modes.after_rejection(OutputMode::json_schema), OutputMode::json_object_schema);
  EXPECT_EQ(modes.after_rejection(OutputMode::json_object_schema), OutputMode::guided_json);
  EXPECT_EQ(modes.after_rejection(OutputMode::guided_json), OutputMode::json_object);
  EXPECT_EQ(modes.after_rejection(OutputMode::json_object), OutputMode::prompt_only);
  EXPECT_FALSE(modes.after_rejection(OutputMode::prompt_only));
}

TEST(LlmServerQuirks, RequestsAreRewrittenForEachMode) {
  json original = json::parse(one_request_body());
  json schema = original["response_format"]["json_schema"]["schema"];
  auto as = [&](OutputMode m) { return json::parse(with_output_mode(original.dump(), m)); };
  EXPECT_EQ(as(OutputMode::json_schema)["response_format"], original["response_format"]);
  EXPECT_EQ(as(OutputMode::json_object_schema)["response_format"],
            json({{"type", "json_object"}, {"schema", schema}}));
  EXPECT_FALSE(as(OutputMode::guided_json).contains("response_format"));
  EXPECT_EQ(as(OutputMode::guided_json)["guided_json"], schema);
  EXPECT_EQ(as(OutputMode::json_object)["response_format"], json({{"type", "json_object"}}));
  EXPECT_FALSE(as(OutputMode::prompt_only).contains("response_format"));
  for (OutputMode m : {OutputMode::json_schema, OutputMode::prompt_only}) {
    EXPECT_EQ(as(m)["stream"], false);
    EXPECT_EQ(as(m)["messages"], original["messages"]);
  }
}

TEST(LlmServerQuirks, EventStreamsBecomeOneCompletion) {
  std::string sse =
      "data: "
      "{\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"{\\\"it\"}}"
      "]}\n\n"
      "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ems\\\": "
      "[]}\"},\"finish_reason\":\"stop\"}]}\n\n"
      "data: [DONE]\n\n";
  auto completion = completion_from_event_stream(sse);
  ASSERT_TRUE(completion);
  EXPECT_EQ(completion_content(*completion), R"({"items": []})");
  EXPECT_FALSE(completion_from_event_stream(R"({"choices":[]})"));
}

}  // namespace
}  // namespace dossier
