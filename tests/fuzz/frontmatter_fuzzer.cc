// libFuzzer target: set_frontmatter_value: the edited note parses, the body is untouched.
// Build and run: see tests/fuzz/run.sh.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string error = dossier::fuzz::check_frontmatter_edit(input);
  if (!error.empty()) {
    std::fprintf(stderr, "frontmatter_fuzzer: %s\n", error.c_str());
    std::abort();
  }
  return 0;
}
