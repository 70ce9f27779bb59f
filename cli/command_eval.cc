#include <nlohmann/json.hpp>

#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/eval_report.h"
#include "pipeline/eval.h"
#include "pipeline/gold.h"

namespace dossier {
namespace {

std::vector<ExtractorKind> extractors_to_run(const CommandLine& cl, const Config& config) {
  if (cl.compare.empty()) return {config.extractor};
  std::vector<ExtractorKind> kinds;
  std::stringstream list(cl.compare);
  for (std::string name; std::getline(list, name, ',');) {
    try {
      kinds.push_back(parse_extractor_kind(name));
    } catch (const std::invalid_argument&) {
      throw UsageError("--compare takes extractors rules, llm or hybrid separated by commas, not '" +
                       cl.compare + "'");
    }
  }
  if (kinds.empty()) throw UsageError("--compare needs at least one extractor, e.g. --compare rules,llm");
  return kinds;
}

}  // namespace

// Scores extraction against a gold file; writes nothing to the vault (LLM
// answers are not cached between runs of eval).
int command_eval(const CommandLine& cl) {
  Config config = load_command_config(cl);
  Gold gold = load_gold(cl.gold);
  EvalOptions options;
  options.vault = cl.vault;
  options.config = config;
  std::vector<EvalReport> reports;
  for (ExtractorKind kind : extractors_to_run(cl, config)) {
    options.config.extractor = kind;
    reports.push_back(evaluate(gold, options));
  }

  bool failed = false;
  for (const EvalReport& r : reports) failed = failed || !r.errors.empty();
  if (cl.json) {
    nlohmann::ordered_json out;
    if (cl.compare.empty()) {
      out = eval_json(reports[0]);
    } else {
      out["reports"] = nlohmann::ordered_json::array();
      for (const EvalReport& r : reports) out["reports"].push_back(eval_json(r));
    }
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "gold " << cl.gold << "\n"
              << (cl.compare.empty() ? eval_text(reports[0]) : eval_compare_text(reports));
  }
  for (const EvalReport& r : reports)
    for (const Failure& f : r.errors) std::cerr << f.text() << "\n";
  return failed ? kExitSomeFailed : kExitOk;
}

}  // namespace dossier
