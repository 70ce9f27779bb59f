// End-to-end with the LLM extractor: the real binary, the fixture vault and
// the fake OpenAI-compatible server on 127.0.0.1 (tests/fake_llm_server.py).
// Golden notes in fixtures/expected/basic/run-llm/: the customer notes the
// run changed or made, exactly (DOSSIER_UPDATE_GOLDEN=1 rewrites them and
// skips the comparison).
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
    config_ = read_text(vault_ / "dossier.yaml");
    start_server(vault_);
  }
  // (Re)starts the fake server and points the vault's config at it.
  void start_server(const fs::path& vault) {
    server_ = std::make_unique<FakeLlmServer>((source_dir() / "tests/fake_llm_server.py").string(),
                                              (tmp_.path() / "requests.log").string(),
                                              std::vector<std::string>{"--models", "fake-model"});
    write_text(vault / "dossier.yaml",
               config_ + "\nllm:\n  base_url: " + server_->base_url() +
                   "\n  model: fake-model\n  api_key_env: DOSSIER_TEST_API_KEY\n  max_retries: 1\n");
  }
  Output dossier(std::vector<std::string> args, const fs::path& vault = {}) {
    args.insert(args.end(), {"--vault", (vault.empty() ? vault_ : vault).string()});
    return run_dossier(args, {"DOSSIER_TODAY=2025-12-31", std::string("DOSSIER_TEST_API_KEY=") + kSecret});
  }
  // The notes of a fresh copy of the fixture vault after one run with `extractor`.
  std::map<std::string, std::string> customers_after_one_run(const std::string& extractor) {
    fs::path other = tmp_.path() / ("fresh-" + extractor);
    fs::copy(source_dir() / "fixtures/vaults/basic", other, fs::copy_options::recursive);
    start_server(other);
    Output o = dossier({"run", "--extractor", extractor}, other);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return customer_notes(other);
  }
  static std::map<std::string, std::string> customer_notes(const fs::path& vault) {
    std::map<std::string, std::string> notes;
    for (const auto& [rel, bytes] : snapshot(vault))
      if (rel.rfind("Customers/", 0) == 0) notes[rel] = bytes;
    return notes;
  }

  TempDir tmp_;
  fs::path vault_;
  std::string config_;  // the fixture's dossier.yaml, without the llm block
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
  std::map<std::string, std::string> changed;
  for (const auto& [rel, bytes] : after)
    if (rel.starts_with("Customers/") && (!original.count(rel) || original[rel] != bytes))
      changed[rel] = bytes;
  ASSERT_FALSE(changed.empty());
  if (update_or_compare_golden(source_dir() / "fixtures/expected/basic/run-llm", changed, updating_golden()))
    GTEST_SKIP() << "golden notes rewritten: review the diff";

  // Unchanged notes: no request, even with --full (answers are cached).
  Output again = dossier({"run", "--extractor", "llm", "--full", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(server_->request_count(), requests);
  EXPECT_EQ(nlohmann::json::parse(again.out)["items_added"], 0);
  EXPECT_EQ(snapshot(vault_), after);

  // The key is in no output and no file, state store included.
  for (const std::string& text : {o.out, o.err, again.out, again.err})
    EXPECT_EQ(text.find(kSecret), std::string::npos);
  for (auto& entry : fs::recursive_directory_iterator(vault_)) {
    if (!entry.is_regular_file()) continue;
    EXPECT_EQ(read_text(entry.path()).find(kSecret), std::string::npos) << entry.path();
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

TEST_F(E2eLlm, HybridWithTheEndpointDownWritesTheRuleItemsAndDoesTheLlmPartOnALaterRun) {
  std::map<std::string, std::string> rules_only = customers_after_one_run("rules");
  std::map<std::string, std::string> hybrid = customers_after_one_run("hybrid");
  start_server(vault_);
  server_.reset();  // the endpoint is down

  Output down = dossier({"run", "--extractor", "hybrid", "--json"});
  EXPECT_EQ(down.exit_code, 1) << down.err;
  nlohmann::json report = nlohmann::json::parse(down.out);
  EXPECT_TRUE(report["meetings_failed"].empty()) << report["meetings_failed"].dump(2);
  size_t pending = report["llm_pending"].size();
  EXPECT_GE(pending, 15u);
  EXPECT_EQ(report["meetings_processed"], pending);
  for (const auto& p : report["llm_pending"]) {
    EXPECT_NE(down.err.find(p["path"].get<std::string>()), std::string::npos) << down.err;
    EXPECT_NE(p["error"].get<std::string>().find(p["path"].get<std::string>() + ":"), std::string::npos)
        << p.dump();
  }
  EXPECT_EQ(customer_notes(vault_), rules_only) << "the rule items, as a rules run writes them";

  // Still down: the same meetings are pending, nothing changes.
  auto after_down = snapshot(vault_);
  Output again = dossier({"run", "--extractor", "hybrid", "--json"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(again.out)["llm_pending"].size(), pending);
  EXPECT_EQ(snapshot(vault_), after_down);
  // A rules run has nothing to do and keeps them pending.
  Output rules = dossier({"run", "--extractor", "rules", "--json"});
  EXPECT_EQ(rules.exit_code, 0) << rules.err;
  EXPECT_EQ(nlohmann::json::parse(rules.out)["meetings_processed"], 0);

  // Up again: the LLM part is done (each pending meeting is asked for),
  // and the notes are what one hybrid run gives: the rule items stay single.
  start_server(vault_);
  Output up = dossier({"run", "--extractor", "hybrid", "--json"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  nlohmann::json done = nlohmann::json::parse(up.out);
  EXPECT_TRUE(done["llm_pending"].empty());
  EXPECT_EQ(done["meetings_processed"], pending);
  EXPECT_GE(server_->request_count(), pending);
  std::map<std::string, std::string> notes = customer_notes(vault_);
  EXPECT_EQ(notes, hybrid);

  // Done: the next run processes nothing.
  Output last = dossier({"run", "--extractor", "hybrid", "--json"});
  EXPECT_EQ(last.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(last.out)["meetings_processed"], 0);
  EXPECT_EQ(customer_notes(vault_), notes);
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
