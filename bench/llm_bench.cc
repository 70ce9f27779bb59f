// LLM concurrency benchmark: 100 meetings against the fake server answering
// each request after 0.5 s, with llm.concurrency = 8. The ideal wall time is
// 100 / 8 * 0.5 = 6.25 s; the target is within 1.3x of that.
//
// Usage: llm_bench [path/to/tests/fake_llm_server.py]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "extractors/llm_extractor.h"
#include "tests/fake_llm_server.h"
#include "vault/note.h"

namespace {

using namespace dossier;

constexpr int kMeetings = 100;
constexpr int kConcurrency = 8;
constexpr double kLatency = 0.5;

Meeting bench_meeting(int i) {
  Meeting m;
  m.name = "2026-01-05 Bench " + std::to_string(i);
  m.path = "Meetings/" + m.name + ".md";
  m.title = "Bench " + std::to_string(i);
  m.note = parse_note(m.path, "# Bench " + std::to_string(i) + "\n\n- Decision: Acme takes option " +
                                  std::to_string(i) + ".\n- Next step: send the quote to Acme.\n");
  return m;
}

double timed_run(const std::vector<const Meeting*>& meetings, const VaultIndex& vault,
                 const LlmConfig& config, const std::string& prompt, ResponseCache& cache, int& errors,
                 int& requests) {
  auto t0 = std::chrono::steady_clock::now();
  auto results = extract_llm(meetings, vault, config, prompt, cache);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  errors = requests = 0;
  for (const auto& r : results) {
    errors += r.error ? 1 : 0;
    requests += r.requests;
    if (r.error) std::fprintf(stderr, "%s\n", r.error->text().c_str());
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::string script =
      argc > 1 ? argv[1]
               : (fs::path(__FILE__).parent_path().parent_path() / "tests" / "fake_llm_server.py").string();
  std::string log = (fs::temp_directory_path() / "dossier_llm_bench" / "requests.jsonl").string();
  dossier::testing::FakeLlmServer server(script, log, {"--delay", std::to_string(kLatency)});

  LlmConfig config;
  config.base_url = server.base_url();
  config.model = "test-model";
  config.api_key_env = "DOSSIER_LLM_BENCH_KEY";
  config.concurrency = kConcurrency;
  VaultIndex vault;
  vault.add_customer({"Acme", {}, {}, "Customers/Acme.md", "active"});
  std::string prompt = load_llm_prompt(".", LlmConfig{});

  std::vector<Meeting> meetings;
  for (int i = 0; i < kMeetings; ++i) meetings.push_back(bench_meeting(i));
  std::vector<const Meeting*> ptrs;
  for (const Meeting& m : meetings) ptrs.push_back(&m);

  MemoryResponseCache cache;
  int errors = 0, requests = 0;
  double wall = timed_run(ptrs, vault, config, prompt, cache, errors, requests);
  double ideal = kMeetings * kLatency / kConcurrency;
  std::printf("llm_bench: %d meetings, %.1f s latency, concurrency %d\n", kMeetings, kLatency, kConcurrency);
  std::printf(
      "  cold run : %.2f s wall, ideal %.2f s, ratio %.3fx (target <= 1.3x), %d requests, %d errors\n", wall,
      ideal, wall / ideal, requests, errors);
  int cached_errors = 0, cached_requests = 0;
  double cached = timed_run(ptrs, vault, config, prompt, cache, cached_errors, cached_requests);
  std::printf("  warm run : %.3f s wall, %d requests (answers from the cache), %d errors\n", cached,
              cached_requests, cached_errors);
  bool ok = errors == 0 && cached_errors == 0 && cached_requests == 0 && wall / ideal <= 1.3;
  std::printf("  %s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
