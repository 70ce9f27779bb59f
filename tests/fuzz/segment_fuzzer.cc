// libFuzzer target: segment_meeting and extract_rules: no crash, lines in range.
// Build and run: see tests/fuzz/run.sh.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string error = dossier::fuzz::check_segment(input, /*with_rules=*/true);
  if (!error.empty()) {
    std::fprintf(stderr, "segment_fuzzer: %s\n", error.c_str());
    std::abort();
  }
  return 0;
}
