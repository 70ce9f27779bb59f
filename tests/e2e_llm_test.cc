// End-to-end with the LLM extractor: the real binary, the fixture vault and
// the fake OpenAI-compatible server on 127.0.0.1 (tests/fake_llm_server.py).
// Golden notes in fixtures/expected/basic/run-llm/ (DOSSIER_UPDATE_GOLDEN=1
// rewrites them).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/fake_llm_server.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

const char kSecret[] = "sk-test-6b1f0c2e-never-print-me";

class E2eLlm : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    fs::copy(source_dir() / "fixtures/vaults/basic", vault_, fs::copy_options::recursive);
    server_ = std::make_unique<FakeLlmServer>((source_dir() / "tests/fake_llm_server.py").string(),
                                              (tmp_.path() / "requests.log").string(),
                                              std::vector<std::string>{"--models", "fake-model"});
    std::string config = slurp(vault_ / "dossier.yaml");
    config += "\nllm:\n  base_url: " + server_->base_url() + "\n  model: fake-model\n  api_key_env: DOSSIER_TEST_API_KEY\n  max_retries: 1\n";
    spit(vault_ / "dossier.yaml", config);
  }
  Output dossier(std::vector<std::string> args) {
    args.insert(args.end(), {"--vault", vault_.string()});
    return run_dossier(args, {"DOSSIER_TODAY=2025-12-31", std::string("DOSSIER_TEST_API_KEY=") + kSecret});
  }

  TempDir tmp_;
  fs::path vault_;
  std::unique_ptr<FakeLlmServer> server_;
};

TEST_F(E2eLlm, RunGivesTheGoldenNotesAndASecondRunMakesNoRequest) {
  Output o = dossier({"run", "--extractor", "llm", "--json"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  size_t requests = server_->request_count();
  EXPECT_GT(requests, 0u);
  for (const auto& r : server_->requests())
    EXPECT_EQ(r.value("authorization", ""), std::string("Bearer ") + kSecret);

  auto after = snapshot(vault_);
  auto original = snapshot(source_dir() / "fixtures/vaults/basic");
  fs::path golden = source_dir() / "fixtures/expected/basic/run-llm";
  if (std::getenv("DOSSIER_UPDATE_GOLDEN")) {
    fs::remove_all(golden);
    for (const auto& [rel, bytes] : after)
      if (rel.rfind("Customers/", 0) == 0 && original[rel] != bytes) spit(golden / rel, bytes);
  }
  auto expected = snapshot(golden);
  ASSERT_FALSE(expected.empty());
  for (const auto& [rel, bytes] : expected) EXPECT_EQ(after[rel], bytes) << rel;

  // Unchanged notes: no request, even with --full (answers are cached).
  Output again = dossier({"run", "--extractor", "llm", "--full", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(server_->request_count(), requests);
  EXPECT_EQ(nlohmann::json::parse(again.out)["items_added"], 0);
  EXPECT_EQ(snapshot(vault_), after);

  // The key is in no output and no file, state store included.
  for (const std::string& text : {o.out, o.err, again.out, again.err}) EXPECT_EQ(text.find(kSecret), std::string::npos);
  for (auto& entry : fs::recursive_directory_iterator(vault_)) {
    if (!entry.is_regular_file()) continue;
    EXPECT_EQ(slurp(entry.path()).find(kSecret), std::string::npos) << entry.path();
  }
}

TEST_F(E2eLlm, AFailingEndpointWritesNothingAndReportsEachMeeting) {
  server_.reset();  // nothing listens on the configured port any more
  auto before = snapshot(vault_);
  Output o = dossier({"run", "--extractor", "llm", "--json"});
  EXPECT_EQ(o.exit_code, 1);
  nlohmann::json report = nlohmann::json::parse(o.out);
  EXPECT_EQ(report["items_added"], 0);
  EXPECT_GE(report["meetings_failed"].size(), 15u);
  EXPECT_EQ(snapshot(vault_), before);
  EXPECT_EQ(o.err.find(kSecret), std::string::npos);
}

TEST_F(E2eLlm, HybridAddsRulesItemsAndLlmItems) {
  Output o = dossier({"run", "--extractor", "hybrid", "--json"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_GT(nlohmann::json::parse(o.out)["items_added"].get<int>(), 100);
}

TEST_F(E2eLlm, CheckReportsTheEndpointAndTheModel) {
  Output o = dossier({"check", "--extractor", "llm"});
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("\nstructured output: json_schema\n"), std::string::npos) << o.out;
  server_.reset();
  o = dossier({"check", "--extractor", "llm"});
  EXPECT_EQ(o.exit_code, 1);
}

}  // namespace
