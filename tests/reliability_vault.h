// A vault big enough that `dossier run` takes a while and writes many
// customer notes: the fixture vault plus generated customers and meetings.
// Shared by the concurrency tests.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace dossier::testing {

inline std::string generated_customer(int i) { return "Relcust " + std::to_string(i); }

inline std::string generated_customer_note(const std::string& name) {
  return "---\ntype: customer\ntitle: " + name + "\nstatus: active\ntags:\n- type/customer\n---\n\n# " +
         name +
         "\n\n## Key Decisions\n\n## Key Facts\n\n## Next Steps\n\n## Notes by the user\n\nHand-written "
         "intro.\n";
}

// Copies fixtures/vaults/basic to `vault` and adds `customers` customer notes
// and `meetings` meetings, each about one generated customer, each with items
// no other meeting repeats.
inline std::vector<std::filesystem::path> make_busy_vault(const std::filesystem::path& vault, int customers,
                                                          int meetings) {
  namespace fs = std::filesystem;
  fs::copy(source_dir() / "fixtures/vaults/basic", vault, fs::copy_options::recursive);
  std::vector<fs::path> notes;
  for (int c = 0; c < customers; ++c) {
    fs::path p = vault / "Customers" / (generated_customer(c) + ".md");
    write_text(p, generated_customer_note(generated_customer(c)));
    notes.push_back(p);
  }
  for (int m = 0; m < meetings; ++m) {
    std::string name = generated_customer(m % customers);
    std::string day = std::to_string(10 + m % 18);
    std::string n = std::to_string(m);
    write_text(vault / "Meetings/gen" / ("2025-11-" + day + " " + name + " sync " + n + ".md"),
               "---\ndate: 2025-11-" + day + "\ntitle: " + name + " sync " + n + "\ncustomer: \"[[" + name +
                   "]]\"\nattendees:\n  - \"[[Priya Raman]]\"\n---\n\n# " + name +
                   " sync\n\n## Key Decisions\n- " + name + " will roll out storage tier " + n +
                   " in region " + n + ".\n\n## Next Steps\n- Priya to send quote " + n + " to " + name +
                   " by Friday.\n\n## Notes\n- " + name + " runs " + n + " petabytes in cluster " + n +
                   ".\n");
  }
  return notes;
}

}  // namespace dossier::testing
