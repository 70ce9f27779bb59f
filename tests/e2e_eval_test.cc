// `dossier eval`: the real binary scores the fixture vault against its gold
// file, writes nothing, reports bad gold files and unreadable meetings with
// path:line, and compares the rules and LLM extractors (fake server) side by
// side.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/fake_llm_server.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

class E2eEval : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    fs::copy(source_dir() / "fixtures/vaults/basic", vault_, fs::copy_options::recursive);
    gold_ = (source_dir() / "fixtures/gold/basic.yaml").string();
  }
  Output dossier(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
    args.insert(args.end(), {"--vault", vault_.string()});
    return run_dossier(args, env);
  }

  TempDir tmp_;
  fs::path vault_;
  std::string gold_;
};

TEST_F(E2eEval, JsonReportHasScoresAndWritesNothing) {
  auto before = snapshot(vault_);
  Output o = dossier({"eval", gold_, "--json"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  nlohmann::json r = nlohmann::json::parse(o.out);
  EXPECT_EQ(r["extractor"], "rules");
  EXPECT_EQ(r["meetings"], 24);
  const nlohmann::json& overall = r["overall"];
  EXPECT_GT(overall["matched"].get<int>(), 100);
  EXPECT_EQ(overall["extracted"].get<int>() - overall["matched"].get<int>(),
            int(r["extras"].size() + r["attribution_errors"].size()));
  EXPECT_EQ(overall["gold"].get<int>() - overall["matched"].get<int>(),
            int(r["misses"].size() + r["attribution_errors"].size()));
  EXPECT_GE(overall["precision"].get<double>(), 0.9);
  for (const char* kind : {"decision", "fact", "opportunity", "next_step", "blocker"})
    EXPECT_TRUE(r["kinds"].contains(kind)) << kind;
  EXPECT_TRUE(r["formats"].contains("vtt"));
  ASSERT_FALSE(r["misses"].empty());
  for (const char* key : {"path", "line", "meeting", "kind", "text", "customer"})
    EXPECT_TRUE(r["misses"][0].contains(key)) << key;
  EXPECT_TRUE(r["must_not_violations"].empty());
  EXPECT_TRUE(r["errors"].empty());
  EXPECT_EQ(snapshot(vault_), before);
  EXPECT_FALSE(fs::exists(vault_ / ".dossier"));
}

TEST_F(E2eEval, TextReportListsMissesWithPathAndLine) {
  Output o = dossier({"eval", gold_});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("precision"), std::string::npos);
  EXPECT_NE(o.out.find("overall"), std::string::npos);
  EXPECT_NE(o.out.find("misses (expected, not extracted):"), std::string::npos);
  EXPECT_NE(o.out.find(".md:"), std::string::npos);
}

TEST_F(E2eEval, MustNotPhrasesAndUnreadableMeetingsAreReported) {
  fs::path gold = tmp_.path() / "gold.yaml";
  write_text(gold,
             "\"Meetings/2025/09/2025-09-04 Lambda kickoff.md\":\n"
             "  items:\n"
             "    - {kind: decision, customer: Lambda, text: \"4-node NX-900 proof of concept\"}\n"
             "  must_not: [\"NX-900\"]\n"
             "\"Meetings/nowhere.md\":\n"
             "  items: []\n");
  Output o = dossier({"eval", gold.string(), "--json"});
  EXPECT_EQ(o.exit_code, 1);
  nlohmann::json r = nlohmann::json::parse(o.out);
  EXPECT_EQ(r["meetings"], 1);
  EXPECT_EQ(r["kinds"]["decision"]["matched"], 1);
  EXPECT_FALSE(r["must_not_violations"].empty());
  EXPECT_EQ(r["must_not_violations"][0]["phrase"], "NX-900");
  EXPECT_NE(o.err.find(gold.string() + ":5: cannot read the meeting note"), std::string::npos) << o.err;
}

TEST_F(E2eEval, ABadGoldFileIsAUsageErrorWithItsLine) {
  fs::path gold = tmp_.path() / "gold.yaml";
  write_text(gold, "\"Meetings/x.md\":\n  items:\n    - {kind: desicion, line: 4, customer: null}\n");
  Output o = dossier({"eval", gold.string()});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find(gold.string() + ":3: unknown kind 'desicion'"), std::string::npos) << o.err;
  EXPECT_EQ(dossier({"eval"}).exit_code, 2);
  EXPECT_EQ(dossier({"eval", gold_, "--compare", "rules,gpt"}).exit_code, 2);
}

TEST_F(E2eEval, CompareShowsRulesAndLlmSideBySide) {
  FakeLlmServer server((source_dir() / "tests/fake_llm_server.py").string(),
                       (tmp_.path() / "requests.log").string(), {"--models", "fake-model"});
  std::string config = read_text(vault_ / "dossier.yaml");
  config += "\nllm:\n  base_url: " + server.base_url() + "\n  model: fake-model\n  max_retries: 1\n";
  write_text(vault_ / "dossier.yaml", config);

  Output o = dossier({"eval", gold_, "--compare", "rules,llm"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_GT(server.request_count(), 0u);
  std::string header = o.out.substr(0, o.out.find("kind"));
  EXPECT_LT(header.find("rules"), header.find("llm")) << o.out;
  EXPECT_NE(o.out.find("attribution errors"), std::string::npos);

  Output json = dossier({"eval", gold_, "--compare", "rules,llm", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json r = nlohmann::json::parse(json.out);
  ASSERT_EQ(r["reports"].size(), 2u);
  EXPECT_EQ(r["reports"][0]["extractor"], "rules");
  EXPECT_EQ(r["reports"][1]["extractor"], "llm");
  EXPECT_EQ(r["reports"][1]["meetings"], 24);
}

}  // namespace
