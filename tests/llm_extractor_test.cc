// The LLM extractor: answer parsing, grounding, chunking, prompts, caching,
// and whole batches against the fake server on 127.0.0.1.
#include "extractors/llm_extractor.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/llm_test_support.h"
#include "util/error.h"
#include "vault/note.h"

namespace dossier {
namespace {

using namespace llm_test;

// ---- Answers ----

TEST(LlmExtractorTest, ParsesPlainFencedAndChattyAnswers) {
  std::string json = R"({"items":[{"kind":"fact","text":"T","customer":null,"quote":"Q"}]})";
  for (const std::string& content :
       {json, "```json\n" + json + "\n```", "Sure! Here you go:\n```\n" + json + "\n```\nBye",
        "The items are " + json + " as requested."}) {
    ParsedAnswer a = parse_llm_content(content);
    ASSERT_EQ(a.error, "") << content;
    ASSERT_EQ(a.items.size(), 1u);
    EXPECT_EQ(a.items[0].kind, "fact");
    EXPECT_EQ(a.items[0].text, "T");
    EXPECT_FALSE(a.items[0].customer);
    EXPECT_EQ(a.items[0].quote, "Q");
  }
  EXPECT_EQ(parse_llm_content(R"({"items":[]})").items.size(), 0u);
}

TEST(LlmExtractorTest, RejectsInvalidTruncatedAndWrongShapedAnswers) {
  EXPECT_EQ(parse_llm_content("no JSON here").error, "the answer is not valid JSON");
  EXPECT_EQ(parse_llm_content(R"({"items":[{"kind":"fact","te)").error, "the answer is not valid JSON");
  EXPECT_NE(parse_llm_content(R"({"results":[]})").error.find("no \"items\" array"), std::string::npos);
  EXPECT_NE(parse_llm_content(R"({"items":[{"kind":"fact","text":3,"customer":null,"quote":"q"}]})")
                .error.find("items[0].text is not a string"),
            std::string::npos);
  EXPECT_NE(parse_llm_content(R"({"items":[{"kind":"fact","text":"t","customer":7,"quote":"q"}]})")
                .error.find("items[0].customer"),
            std::string::npos);
}

TEST(LlmExtractorTest, ReadsTheContentOfAChatCompletion) {
  EXPECT_EQ(completion_content(R"({"choices":[{"message":{"role":"assistant","content":"hi"}}]})"), "hi");
  EXPECT_FALSE(completion_content(R"({"choices":[]})"));
  EXPECT_FALSE(completion_content(R"({"choices":[{"message":{"content":null}}]})"));
  EXPECT_FALSE(completion_content("<html>proxy error</html>"));
}

// ---- Grounding ----

TEST(LlmExtractorTest, FindsQuotesDespiteWhitespaceAndEmphasis) {
  std::string text = "intro\n- **Decision:** start   with\n  a 2 PB tier.\n";
  auto at = find_quote(text, "Decision: start with a 2 PB tier.");
  ASSERT_TRUE(at);
  EXPECT_EQ(*at, text.find("Decision"));
  EXPECT_FALSE(find_quote(text, "Decision: start with a 3 PB tier."));
  EXPECT_FALSE(find_quote(text, "   "));
  EXPECT_FALSE(find_quote(text, "intro", 2));  // only searched from byte 2
}

TEST(LlmExtractorTest, GroundsItemsAgainstTheNoteAndTheKnownCustomers) {
  std::string text = meeting_text("good");
  TextChunk whole{0, text.size(), 1, 12};
  std::vector<RawLlmItem> raw = {
      {"decision", "  Start with\n2 PB. ", "ACME Inc", "Decision: Acme will start with a 2 PB tier"},
      {"blocker", "Power.", "Lambda", "waiting on power in the new hall."},
      {"topic", "Budgets", std::nullopt, "Talked about budgets."},
      {"fact", "Empty customer means none.", "", "Talked about"},
      {"decision", "Made up.", "Acme", "We agreed to buy the whole company."},
      {"decision", "Send it all.", "Evil Corp", "Decision: Acme will start"},
      {"write_file", "../../etc/passwd", std::nullopt, "Decision: Acme will start"},
  };
  GroundedItems g = ground_items(raw, text, whole, test_vault());
  EXPECT_EQ(g.dropped_ungrounded, 1);
  EXPECT_EQ(g.dropped_unknown_customer, 1);
  EXPECT_EQ(g.dropped_unknown_kind, 1);
  ASSERT_EQ(g.items.size(), 4u);
  EXPECT_EQ(g.items[0].kind, ItemKind::decision);
  EXPECT_EQ(g.items[0].text, "Start with 2 PB.");
  EXPECT_EQ(g.items[0].customer, "Acme");  // the alias maps to the customer's name
  EXPECT_EQ(g.items[0].line, 9);
  EXPECT_EQ(g.items[0].extractor, ItemSource::llm);
  EXPECT_EQ(g.items[1].customer, "Lambda");
  EXPECT_EQ(g.items[1].line, 11);
  EXPECT_FALSE(g.items[2].customer);
  EXPECT_EQ(g.items[2].line, 12);
  EXPECT_FALSE(g.items[3].customer);
}

TEST(LlmExtractorTest, PrefersTheQuoteInsideTheChunk) {
  std::string text = "Decision: go.\nfiller\nDecision: go.\n";
  TextChunk second{text.find("filler"), text.size(), 2, 3};
  GroundedItems g =
      ground_items({{"decision", "Go.", std::nullopt, "Decision: go."}}, text, second, test_vault());
  ASSERT_EQ(g.items.size(), 1u);
  EXPECT_EQ(g.items[0].line, 3);
}

// ---- Chunks and prompts ----

TEST(LlmExtractorTest, ChunksWithinTheBudgetWithOverlap) {
  std::string text;
  for (int i = 1; i <= 10; ++i) text += "line " + std::string(i < 10 ? "0" : "") + std::to_string(i) + "..\n";
  // 10 bytes a line; 8 tokens = 32 bytes = 3 lines; 1 line of overlap.
  auto chunks = chunk_text(text, 8, 1);
  std::vector<std::pair<int, int>> lines;
  for (const auto& c : chunks) {
    lines.push_back({c.first_line, c.last_line});
    EXPECT_LE(c.end - c.begin, 32u);
    EXPECT_EQ(text.substr(c.begin, 4), "line");
  }
  std::vector<std::pair<int, int>> want = {{1, 3}, {3, 5}, {5, 7}, {7, 9}, {9, 10}};
  EXPECT_EQ(lines, want);
  EXPECT_EQ(chunks.back().end, text.size());

  EXPECT_EQ(chunk_text(text, 3000, 5).size(), 1u);
  EXPECT_TRUE(chunk_text("", 3000, 5).empty());
  auto huge_overlap = chunk_text(text, 8, 50);  // still makes progress
  EXPECT_EQ(huge_overlap.back().last_line, 10);
  EXPECT_LE(huge_overlap.size(), 10u);
  auto long_line = chunk_text(std::string(100, 'x') + "\nshort\n", 8, 0);
  ASSERT_EQ(long_line.size(), 2u);
  EXPECT_EQ(long_line[0].last_line, 1);
}

TEST(LlmExtractorTest, BuildsPromptsFromTheTemplate) {
  Meeting m = make_meeting("2026-01-05 Acme sync", "Say {{customers}} here.\n");
  TextChunk where{0, 0, 1, 1};
  Prompt p = build_prompt(builtin_prompt(), m, test_vault(), "Say {{customers}} here.\n", where, 1, 2);
  EXPECT_NE(p.system.find("- Acme (also: ACME Inc)\n- Lambda"), std::string::npos) << p.system;
  EXPECT_NE(p.system.find("Ourco (our own company)"), std::string::npos);
  EXPECT_NE(p.system.find("next_step"), std::string::npos);
  EXPECT_EQ(p.system.find("<!-- user -->"), std::string::npos);
  EXPECT_NE(p.user.find("<meeting-note>\nSay {{customers}} here.\n"), std::string::npos) << p.user;
  EXPECT_NE(p.user.find("Attendees: Jane Roe, Sam Poe"), std::string::npos);
  EXPECT_NE(p.user.find("part 1 of 2 (lines 1-1)"), std::string::npos);

  Prompt plain = build_prompt("Only a system prompt for {{title}}.", m, test_vault(), "x\n", where, 1, 1);
  EXPECT_EQ(plain.system, "Only a system prompt for Acme sync.");
  EXPECT_EQ(plain.user, "<meeting-note>\nx\n\n</meeting-note>\n");
}

TEST(LlmExtractorTest, RequestsTheContractsSchema) {
  auto schema = nlohmann::json::parse(items_json_schema());
  EXPECT_EQ(schema["required"], nlohmann::json({"items"}));
  const auto& item = schema["properties"]["items"]["items"];
  EXPECT_EQ(item["required"], nlohmann::json({"kind", "text", "customer", "quote"}));
  EXPECT_EQ(item["additionalProperties"], false);
  EXPECT_EQ(item["properties"]["kind"]["enum"].size(), 8u);
  EXPECT_EQ(item["properties"]["customer"]["type"], nlohmann::json({"string", "null"}));

  LlmConfig config;
  config.model = "m1";
  auto body = nlohmann::json::parse(build_request_body(config, {"sys", "usr"}));
  EXPECT_EQ(body["response_format"]["json_schema"]["schema"], schema);
  EXPECT_EQ(body["messages"][1]["content"], "usr");
}

TEST(LlmExtractorTest, CacheKeysDependOnModelAndPrompt) {
  Prompt p{"sys", "usr"};
  EXPECT_EQ(llm_cache_key("m", p), llm_cache_key("m", p));
  EXPECT_EQ(llm_cache_key("m", p).size(), 32u);
  EXPECT_NE(llm_cache_key("m", p), llm_cache_key("m2", p));
  EXPECT_NE(llm_cache_key("m", p), llm_cache_key("m", {"sys", "usr2"}));
  EXPECT_NE(llm_cache_key("m", {"ab", "c"}), llm_cache_key("m", {"a", "bc"}));
}

TEST(LlmExtractorTest, LoadsTheBuiltInOrTheVaultsPrompt) {
  EXPECT_NE(builtin_prompt().find("<!-- user -->"), std::string::npos);
  std::string root = tmp_dir("llm_extractor_test") + "/vault";
  std::filesystem::create_directories(root + "/Templates");
  std::ofstream(root + "/Templates/prompt.md") << "custom {{note}}";
  LlmConfig config;
  config.prompt = "Templates/prompt.md";
  EXPECT_EQ(load_llm_prompt(root, config), "custom {{note}}");
  config.prompt = "../outside.md";
  EXPECT_THROW(load_llm_prompt(root, config), ConfigError);
  config.prompt = "Templates/missing.md";
  EXPECT_THROW(load_llm_prompt(root, config), ConfigError);
}

TEST(LlmExtractorTest, HybridKeepsRulesItemsAndAddsWhatTheyMissed) {
  auto item = [](ItemKind k, std::string text, int line, ItemSource by) {
    Item i;
    i.kind = k;
    i.text = std::move(text);
    i.line = line;
    i.extractor = by;
    return i;
  };
  std::vector<Item> rules = {item(ItemKind::decision, "Start with 2 PB.", 9, ItemSource::rules),
                             item(ItemKind::blocker, "Power delay", 11, ItemSource::rules)};
  std::vector<Item> llm = {item(ItemKind::decision, "start  with 2 pb", 20, ItemSource::llm),  // same text
                           item(ItemKind::blocker, "Waiting on power.", 11, ItemSource::llm),  // same line
                           item(ItemKind::fact, "Power delay", 11, ItemSource::llm),           // other kind
                           item(ItemKind::next_step, "Send quote.", 10, ItemSource::llm)};
  auto merged = merge_hybrid(rules, llm);
  ASSERT_EQ(merged.size(), 4u);
  EXPECT_EQ(merged[0].text, "Start with 2 PB.");
  EXPECT_EQ(merged[1].text, "Send quote.");
  EXPECT_EQ(merged[2].extractor, ItemSource::rules);  // rules first on the same line
  EXPECT_EQ(merged[3].kind, ItemKind::fact);
}

}  // namespace
}  // namespace dossier
