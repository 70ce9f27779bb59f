// Fixtures shared by the LLM extractor tests: a small vault, a meeting whose
// items the fake server's "good" answer finds, and configs that point at the
// fake server with fast retries.
#pragma once
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "extractors/llm_extractor.h"
#include "tests/fake_llm_server.h"
#include "vault/note.h"

namespace dossier::llm_test {

using testing::FakeLlmServer;

inline std::string tmp_dir(const std::string& suite) {
  const char* t = std::getenv("DOSSIER_TEST_TMP");
  return std::string(t ? t : "/tmp") + "/" + suite;
}

inline std::unique_ptr<FakeLlmServer> start(const std::string& name, std::vector<std::string> args = {}) {
  return std::make_unique<FakeLlmServer>(std::string(DOSSIER_SOURCE_DIR) + "/tests/fake_llm_server.py",
                                         tmp_dir("llm_extractor_test") + "/" + name + ".jsonl",
                                         std::move(args));
}

// The prompt dossier sends when the vault has no prompt file of its own.
inline std::string builtin_prompt() { return load_llm_prompt("/nonexistent", LlmConfig{}); }

inline VaultIndex test_vault() {
  VaultIndex v;
  v.add_customer({"Acme", {"ACME Inc"}, {}, "Customers/Acme.md", "active"});
  v.add_customer({"Lambda", {}, {}, "Customers/Lambda.md", "active"});
  v.own_company = "Ourco";
  v.other_organizations = {"Widgets Ltd"};
  return v;
}

// Lines 9-11 hold the items the fake server's "good" answer finds; line 7
// tells the fake server how to answer.
inline std::string meeting_text(const std::string& scenario) {
  return "---\n"
         "date: 2026-01-05\n"
         "attendees: [Jane Roe, Sam Poe]\n"
         "---\n"
         "# Acme sync\n"
         "\n"
         "<!-- fake-scenario: " +
         scenario +
         " -->\n"
         "## Notes\n"
         "- Decision: Acme will start with a 2 PB tier in Dallas.\n"
         "- Next step: Sam sends the quote to Acme by Friday.\n"
         "- Blocker: Lambda is waiting on power in the new hall.\n"
         "Talked about   budgets.\n";
}

inline Meeting make_meeting(const std::string& name, const std::string& text) {
  Meeting m;
  m.path = "Meetings/" + name + ".md";
  m.name = name;
  m.date = "2026-01-05";
  m.title = "Acme sync";
  m.attendees = {"Jane Roe", "Sam Poe"};
  m.note = parse_note(m.path, text);
  return m;
}

inline LlmConfig config_for(const FakeLlmServer& server) {
  LlmConfig c;
  c.base_url = server.base_url();
  c.model = "test-model";
  c.api_key_env = "DOSSIER_LLM_EXTRACTOR_TEST_KEY";
  c.timeout_s = 5;
  c.max_retries = 1;
  c.concurrency = 4;
  return c;
}

inline RetryPolicy fast_retry() {
  RetryPolicy r;
  r.base_delay_s = 0.01;
  r.max_delay_s = 0.05;
  return r;
}

}  // namespace dossier::llm_test
