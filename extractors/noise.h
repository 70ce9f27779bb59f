// Stage 4, the noise stage: between extraction and attribution, it drops what a
// reader of a customer note would take for junk. Note-taker boilerplate
// (footers, share links, AI disclaimers, upsells), pleasantries that carry no
// fact ("Great call!", "strong alignment on next steps") and personal lines
// ("gym 6pm", "dentist Thursday", a daily note's "## Personal" section).
//
// The patterns are data (templates/noise.yaml, format described there), not
// code; every drop is reported with its reason so a user can see why a line
// did not arrive.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/segment.h"
#include "vault/item.h"

namespace dossier {

struct CompiledNoise;  // RE2 objects; see noise.cc

class NoiseFilter {
 public:
  // Parses and compiles a noise file. Throws ConfigError(file, line, message)
  // for YAML that does not parse, an unknown key, or a pattern RE2 rejects.
  static NoiseFilter parse(std::string_view yaml, const std::string& file);

  struct Verdict {
    std::string text;                   // the item without links into note-taker apps
    std::optional<std::string> reason;  // why it is noise, if it is
  };
  // Judges one item's wording. Reasons: "boilerplate: <tool>", "pleasantry",
  // "personal".
  Verdict judge(std::string_view original) const;
  std::optional<std::string> reason(std::string_view text) const { return judge(text).reason; }

  // True when items under a heading of this title are the writer's own
  // affairs ("Personal", "Personal / admin", "Errands").
  bool personal_heading(std::string_view heading) const;

 private:
  std::shared_ptr<const CompiledNoise> compiled_;
};

// For each block (same indexes): whether one of its enclosing headings is a
// personal one. Items there are the writer's own and go to no customer.
std::vector<bool> under_personal_heading(const std::vector<Block>& blocks, const NoiseFilter& noise);

// Moves every item of `extraction` whose text is noise into its `dropped`
// list and cuts note-taker links from the others (the stage as run on items
// from any extractor, e.g. an LLM's).
void drop_noise(Extraction& extraction, const NoiseFilter& noise);

// The built-in noise filter (templates/noise.yaml), compiled.
std::shared_ptr<const NoiseFilter> builtin_noise();

}  // namespace dossier
