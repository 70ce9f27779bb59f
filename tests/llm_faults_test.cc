// LLM endpoint faults end to end, through the real binary with
// `extractor: llm`: an endpoint that hangs, resets, drips, floods, sends
// garbage, echoes the API key, invents quotes or tries to steer writes to
// another customer or a path. Never a bad write, never a hang past the
// timeout, and the API key (a recognisable secret) appears in no output and
// no file of the vault, .dossier/state.db included.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/fake_llm_server.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

const char kKeyVar[] = "DOSSIER_RELIABILITY_LLM_API_KEY";
const std::string kSecret = "sk-reliability-SECRET-4f1c9e77b2";

std::string meeting(const std::string& scenario) {
  return "---\ndate: 2026-01-05\ntitle: Acme sync\nattendees: [Jane Roe, Sam Poe]\n---\n# Acme sync\n\n"
         "<!-- fake-scenario: " +
         scenario +
         " -->\n"
         "## Notes\n"
         "- Decision: Acme will start with a 2 PB tier in Dallas.\n"
         "- Next step: Sam sends the quote to Acme by Friday.\n"
         "- Blocker: Lambda is waiting on power in the new hall.\n";
}

std::string customer(const std::string& name) {
  return "---\ntype: customer\ntitle: " + name + "\nstatus: active\n---\n\n# " + name +
         "\n\n## Key Decisions\n\n## Next Steps\n\n## Current Blockers\n";
}

class LlmFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    write_text(vault_ / "Customers/Acme.md", customer("Acme"));
    write_text(vault_ / "Customers/Lambda.md", customer("Lambda"));
    write_text(vault_ / "People/Jane Roe.md", "---\ncompany: Acme\n---\n");
    write_text(vault_ / "People/Sam Poe.md", "---\ncompany: Ourco\n---\n");
    write_text(tmp_.path() / "sentinel/passwd", "root:x:0:0\n");
  }
  void configure(const FakeLlmServer& server, double timeout_s = 2) {
    write_text(vault_ / "dossier.yaml",
               "meetings: [\"Meetings/*.md\"]\nextractor: llm\nown_company: Ourco\n"
               "llm:\n  base_url: " +
                   server.base_url() + "\n  model: test-model\n  api_key_env: " + kKeyVar +
                   "\n  timeout_s: " + std::to_string(timeout_s) + "\n  max_retries: 1\n");
  }
  std::unique_ptr<FakeLlmServer> fake(const std::string& name) {
    return std::make_unique<FakeLlmServer>((source_dir() / "tests/fake_llm_server.py").string(),
                                           (logs_.path() / (name + ".jsonl")).string());
  }
  std::unique_ptr<FakeLlmServer> hostile(const std::string& mode) {
    return std::make_unique<FakeLlmServer>(
        (source_dir() / "tests/reliability/hostile_llm_server.py").string(),
        (logs_.path() / (mode + ".jsonl")).string(), std::vector<std::string>{"--mode", mode});
  }
  // Runs dossier; checks the run ended without a crash, wrote nothing
  // outside the vault and never showed or stored the key. A server that
  // never answers (mode hang) would hold a run without a timeout until the
  // hang guard kills it; one that answers slowly (drip) would end with its
  // meeting done, which expect_failed_without_writing counts as a failure.
  nlohmann::json run() {
    last_ = run_dossier_guarded(kHangGuardSeconds, {"run", "--vault", vault_.string(), "--json"},
                                {"DOSSIER_TODAY=2026-01-31", std::string(kKeyVar) + "=" + kSecret});
    EXPECT_FALSE(last_.hung) << "the endpoint's timeout was not enforced";
    EXPECT_TRUE(last_.exit_code == 0 || last_.exit_code == 1) << last_.exit_code << last_.err;
    EXPECT_EQ(last_.out.find(kSecret), std::string::npos) << "key in stdout";
    EXPECT_EQ(last_.err.find(kSecret), std::string::npos) << "key in stderr";
    for (const auto& entry : fs::recursive_directory_iterator(tmp_.path())) {
      if (!entry.is_regular_file()) continue;
      EXPECT_EQ(read_text(entry.path()).find(kSecret), std::string::npos) << "key stored in " << entry.path();
    }
    EXPECT_EQ(read_text(tmp_.path() / "sentinel/passwd"), "root:x:0:0\n");
    nlohmann::json report = nlohmann::json::parse(last_.out, nullptr, false);
    EXPECT_FALSE(report.is_discarded()) << last_.out << last_.err;
    return report;
  }
  // The customer notes hold nothing but what the note says.
  void expect_no_bad_write() {
    std::set<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(vault_))
      names.insert(fs::relative(entry.path(), vault_).generic_string());
    for (const std::string& name : names)
      EXPECT_TRUE(name.starts_with(".dossier") || name.starts_with("Customers/Acme.md") ||
                  name.starts_with("Customers/Lambda.md") || name == "Customers" ||
                  name.starts_with("Meetings") || name.starts_with("People") || name == "dossier.yaml")
          << "unexpected file " << name;
    for (const char* note : {"Customers/Acme.md", "Customers/Lambda.md"}) {
      std::string text = read_text(vault_ / note);
      for (const char* bad : {"buys", "whole company", "Evil Corp", "passwd", "Pwned", "rm -rf"})
        EXPECT_EQ(text.find(bad), std::string::npos) << bad << " written to " << note;
    }
  }
  // The key did reach the endpoint (so its absence elsewhere means something).
  void expect_key_sent(const FakeLlmServer& server) {
    auto requests = server.requests();
    ASSERT_FALSE(requests.empty());
    EXPECT_EQ(requests[0].value("authorization", ""), "Bearer " + kSecret);
  }
  void expect_failed_without_writing(const std::string& mode, double timeout_s = 2) {
    auto server = hostile(mode);
    configure(*server, timeout_s);
    write_text(vault_ / "Meetings/2026-01-05 Acme sync.md", meeting("good"));
    auto before = snapshot(vault_);
    nlohmann::json report = run();
    EXPECT_EQ(last_.exit_code, 1) << report.dump(2);
    EXPECT_EQ(report["meetings_failed"].size(), 1u) << report.dump(2);
    EXPECT_EQ(snapshot(vault_), before) << "a failed extraction wrote to the vault";
    expect_key_sent(*server);
    // The failure is remembered as a failure: the next run tries again.
    EXPECT_EQ(run()["meetings_failed"].size(), 1u);
  }

  TempDir tmp_, logs_;
  fs::path vault_;
  Output last_;
};

TEST_F(LlmFaultsTest, Hang) { expect_failed_without_writing("hang"); }
TEST_F(LlmFaultsTest, Reset) { expect_failed_without_writing("reset"); }
TEST_F(LlmFaultsTest, SlowDrip) { expect_failed_without_writing("drip"); }
TEST_F(LlmFaultsTest, BinaryGarbage) { expect_failed_without_writing("binary"); }
TEST_F(LlmFaultsTest, ServerEchoesTheKeyInAnError) { expect_failed_without_writing("echo-error"); }

TEST_F(LlmFaultsTest, TenMegabyteAnswerOfInventedQuotes) {
  auto server = hostile("huge");
  configure(*server, 10);
  write_text(vault_ / "Meetings/2026-01-05 Acme sync.md", meeting("good"));
  run();
  expect_no_bad_write();
  expect_key_sent(*server);
}

TEST_F(LlmFaultsTest, ServerPutsTheKeyIntoAnItem) {
  auto server = hostile("echo-item");
  configure(*server);
  write_text(vault_ / "Meetings/2026-01-05 Acme sync.md", meeting("good"));
  run();
  expect_no_bad_write();
  expect_key_sent(*server);
}

TEST_F(LlmFaultsTest, HallucinatedQuotesAreDropped) {
  auto server = fake("hallucinated");
  configure(*server);
  write_text(vault_ / "Meetings/2026-01-05 Acme sync.md", meeting("hallucinated"));
  nlohmann::json report = run();
  EXPECT_EQ(last_.exit_code, 0) << last_.err << report.dump(2);
  expect_no_bad_write();
  EXPECT_NE(read_text(vault_ / "Customers/Acme.md").find("2 PB tier in Dallas"), std::string::npos);
  expect_key_sent(*server);
}

TEST_F(LlmFaultsTest, PromptInjectionCannotPickTheCustomerOrAPath) {
  auto server = fake("injection");
  configure(*server);
  // The fake's "injection" answer plays a model that obeyed an injected
  // instruction: items for "Evil Corp", for "../../etc/passwd", and asking
  // for a write to that path.
  write_text(vault_ / "Meetings/2026-01-05 Acme sync.md", meeting("injection"));
  run();
  expect_no_bad_write();
  EXPECT_FALSE(fs::exists(vault_ / "Customers/Evil Corp.md"));
  EXPECT_NE(read_text(vault_ / "Customers/Acme.md").find("2 PB tier in Dallas"), std::string::npos);
  expect_key_sent(*server);
}

}  // namespace
