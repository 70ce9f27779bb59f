// extract_llm end to end against the fake server on 127.0.0.1: good answers,
// the cache, and every way an endpoint can misbehave.
#include <gtest/gtest.h>

#include "extractors/llm_extractor.h"
#include "tests/llm_test_support.h"

namespace dossier {
namespace {

using namespace llm_test;

struct BatchRun {
  std::unique_ptr<FakeLlmServer> server;
  LlmConfig config;
  MemoryResponseCache cache;
  VaultIndex vault = test_vault();
  std::string prompt = load_llm_prompt("/nonexistent", LlmConfig{});

  explicit BatchRun(const std::string& name, std::vector<std::string> args = {})
      : server(start(name, std::move(args))), config(config_for(*server)) {}

  LlmMeetingResult extract(const std::string& scenario) {
    Meeting m = make_meeting("2026-01-05 Acme sync", meeting_text(scenario));
    return extract_llm(m, vault, config, prompt, cache, fast_retry());
  }
};

void expect_good_items(const LlmMeetingResult& r) {
  ASSERT_FALSE(r.error) << r.error->text();
  const auto& items = r.extraction.items;
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].kind, ItemKind::decision);
  EXPECT_EQ(items[0].text, "Acme will start with a 2 PB tier in Dallas.");
  EXPECT_EQ(items[0].customer, "Acme");
  EXPECT_EQ(items[0].line, 9);
  EXPECT_EQ(items[0].extractor, ItemSource::llm);
  EXPECT_EQ(items[1].kind, ItemKind::next_step);
  EXPECT_EQ(items[1].line, 10);
  EXPECT_EQ(items[2].kind, ItemKind::blocker);
  EXPECT_EQ(items[2].customer, "Lambda");
  EXPECT_EQ(items[2].line, 11);
  EXPECT_EQ(r.extraction.customers, (std::vector<std::string>{"Acme", "Lambda"}));
}

TEST(LlmBatchTest, ExtractsGroundedItemsAndCachesTheAnswer) {
  BatchRun run("good");
  LlmMeetingResult first = run.extract("good");
  expect_good_items(first);
  EXPECT_EQ(first.requests, 1);
  EXPECT_EQ(first.cache_hits, 0);
  EXPECT_EQ(run.cache.size(), 1u);

  LlmMeetingResult second = run.extract("good");  // unchanged note: no request at all
  expect_good_items(second);
  EXPECT_EQ(second.requests, 0);
  EXPECT_EQ(second.cache_hits, 1);
  EXPECT_EQ(run.server->request_count(), 1u);

  run.config.model = "other-model";  // another model is another answer
  EXPECT_EQ(run.extract("good").requests, 1);
  EXPECT_EQ(run.server->request_count(), 2u);
}

TEST(LlmBatchTest, SendsTheNoteAndTheKnownCustomers) {
  BatchRun run("prompt");
  run.extract("good");
  auto body = run.server->requests().at(0)["body"];
  std::string system = body["messages"][0]["content"];
  std::string user = body["messages"][1]["content"];
  EXPECT_NE(system.find("- Acme (also: ACME Inc)"), std::string::npos);
  EXPECT_NE(user.find(meeting_text("good")), std::string::npos);
  EXPECT_EQ(body["temperature"], 0);
}

TEST(LlmBatchTest, AcceptsACodeFencedAnswer) { expect_good_items(BatchRun("fenced").extract("fenced")); }

TEST(LlmBatchTest, FallsBackToJsonObject) {
  BatchRun run("noschema");
  expect_good_items(run.extract("no-schema"));
  EXPECT_EQ(run.server->requests().back()["body"]["response_format"]["type"], "json_object");
}

TEST(LlmBatchTest, DropsAndCountsAHallucinatedQuote) {
  LlmMeetingResult r = BatchRun("hallucinated").extract("hallucinated");
  expect_good_items(r);
  EXPECT_EQ(r.extraction.dropped_ungrounded, 1);
}

TEST(LlmBatchTest, IgnoresAPromptInjection) {
  LlmMeetingResult r = BatchRun("injection").extract("injection");
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.dropped_unknown_customer, 2);  // "Evil Corp" and "../../etc/passwd"
  EXPECT_EQ(r.dropped_unknown_kind, 1);
  for (const Item& item : r.extraction.items) {
    if (item.customer) {
      EXPECT_TRUE(*item.customer == "Acme" || *item.customer == "Lambda") << *item.customer;
    }
    EXPECT_EQ(item.text.find('\n'), std::string::npos);
  }
  EXPECT_EQ(r.extraction.customers, (std::vector<std::string>{"Acme", "Lambda"}));
}

TEST(LlmBatchTest, RetriesAnInvalidAnswerOnceThenReportsIt) {
  BatchRun run("invalid");
  LlmMeetingResult r = run.extract("invalid");
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->text().find("Meetings/2026-01-05 Acme sync.md:1: "), std::string::npos)
      << r.error->text();
  EXPECT_NE(r.error->text().find("not valid JSON"), std::string::npos) << r.error->text();
  EXPECT_TRUE(r.extraction.items.empty());
  EXPECT_EQ(r.requests, 2);
  EXPECT_EQ(run.cache.size(), 0u);  // a bad answer is never cached
}

TEST(LlmBatchTest, RecoversFromOneTruncatedAnswer) {
  BatchRun run("truncated");
  LlmMeetingResult r = run.extract("truncated-once");
  expect_good_items(r);
  EXPECT_EQ(r.requests, 2);
  LlmMeetingResult always = run.extract("truncated");
  ASSERT_TRUE(always.error);
  EXPECT_NE(always.error->text().find("even on retry"), std::string::npos);
}

TEST(LlmBatchTest, ReportsAnAnswerOfTheWrongShape) {
  LlmMeetingResult r = BatchRun("schema").extract("schema");
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->text().find("does not match the schema"), std::string::npos) << r.error->text();
}

TEST(LlmBatchTest, SurvivesTransientFailures) {
  BatchRun run("transient");
  expect_good_items(run.extract("500-once"));
  expect_good_items(run.extract("429-once"));  // Retry-After: 1
  expect_good_items(run.extract("drop-once"));
}

TEST(LlmBatchTest, AFailingMeetingDoesNotStopTheOthers) {
  BatchRun run("mixed");
  Meeting ok1 = make_meeting("ok1", meeting_text("good"));
  Meeting bad = make_meeting("bad", meeting_text("500"));
  Meeting ok2 = make_meeting("ok2", meeting_text("fenced"));
  auto results = extract_llm({&ok1, &bad, &ok2}, run.vault, run.config, run.prompt, run.cache, fast_retry());
  ASSERT_EQ(results.size(), 3u);
  expect_good_items(results[0]);
  expect_good_items(results[2]);
  ASSERT_TRUE(results[1].error);
  EXPECT_EQ(results[1].path, "Meetings/bad.md");
  EXPECT_NE(results[1].error->text().find("HTTP 500"), std::string::npos) << results[1].error->text();
  EXPECT_TRUE(results[1].extraction.items.empty());
  EXPECT_EQ(results[1].requests, 2);  // max_retries = 1
}

TEST(LlmBatchTest, ChunksALongNoteAndMergesTheItems) {
  BatchRun run("chunks");
  std::string text = "# Long meeting\n";
  for (int i = 0; i < 30; ++i)
    text += "- Decision: Acme picks option " + std::to_string(i) + " for the rollout plan.\n";
  run.config.chunk_tokens = 100;  // 400 bytes: about 7 lines a chunk
  run.config.chunk_overlap_lines = 2;
  LlmMeetingResult r =
      extract_llm(make_meeting("long", text), run.vault, run.config, run.prompt, run.cache, fast_retry());
  ASSERT_FALSE(r.error) << r.error->text();
  EXPECT_GT(r.requests, 4);
  ASSERT_EQ(r.extraction.items.size(), 30u);  // the overlap's repeats are gone
  for (int i = 0; i < 30; ++i) {
    EXPECT_EQ(r.extraction.items[i].line, i + 2);
    EXPECT_EQ(r.extraction.items[i].text,
              "Acme picks option " + std::to_string(i) + " for the rollout plan.");
  }
  for (const auto& req : run.server->requests())
    EXPECT_LE(req["body"]["messages"][1]["content"].get<std::string>().size(), 400u + 300u);
}

TEST(LlmBatchTest, RunsSeveralMeetingsAtOnce) {
  BatchRun run("parallel", {"--delay", "0.3"});
  run.config.concurrency = 6;
  std::vector<Meeting> meetings;
  for (int i = 0; i < 6; ++i)
    meetings.push_back(make_meeting("m" + std::to_string(i), meeting_text("good " + std::to_string(i))));
  std::vector<const Meeting*> ptrs;
  for (const Meeting& m : meetings) ptrs.push_back(&m);
  auto results = extract_llm(ptrs, run.vault, run.config, run.prompt, run.cache, fast_retry());
  for (const auto& r : results) expect_good_items(r);
  // Counted, not timed: the server logs when each request began and ended,
  // and with a 0.3 s answer several must have been open at once.
  EXPECT_GE(run.server->most_in_flight(), 2);
}

}  // namespace
}  // namespace dossier
