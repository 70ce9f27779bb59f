// How `dossier eval` shows an EvalReport: a table for people, JSON for
// scripts (shape in README.md, "How good is it on my notes?").
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

#include "pipeline/eval.h"

namespace dossier {

// Per-kind table, then attribution errors, must-not violations, misses and
// extras, each with path:line.
std::string eval_text(const EvalReport& report);

// Several extractors over the same gold file, side by side in one table.
std::string eval_compare_text(const std::vector<EvalReport>& reports);

nlohmann::ordered_json eval_json(const EvalReport& report);

}  // namespace dossier
