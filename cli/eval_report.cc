#include "cli/eval_report.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <set>

namespace dossier {
namespace {

std::string format(const char* fmt, auto... args) {
  char buf[256];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

// "-" where the ratio means nothing: precision with nothing extracted,
// recall with nothing expected.
std::string ratio(int of, double value) { return of ? format("%.2f", value) : std::string("-"); }

std::string who(const std::optional<std::string>& customer) { return customer ? *customer : "no customer"; }

std::string where(const EvalItem& i) { return i.path + ":" + std::to_string(i.line); }

std::string kind_name(ItemKind kind) { return std::string(to_string(kind)); }

// "path:line: message" each: the JSON of `errors` is a list of strings.
std::vector<std::string> failure_texts(const std::vector<Failure>& failures) {
  std::vector<std::string> out;
  for (const Failure& f : failures) out.push_back(f.text());
  return out;
}

void score_row(std::string& out, const std::string& name, const Score& s) {
  out += format("%-13s %9s %7s %10d %5d %8d\n", name.c_str(), ratio(s.extracted, s.precision()).c_str(),
                ratio(s.gold, s.recall()).c_str(), s.extracted, s.gold, s.matched);
}

void item_list(std::string& out, const char* title, const std::vector<EvalItem>& items) {
  out += format("\n%s: %zu\n", title, items.size());
  for (const EvalItem& i : items)
    out += "  " + where(i) + "  " + kind_name(i.kind) + " [" + who(i.customer) + "]  " + i.text +
           (i.meeting == i.path ? "" : "  (in " + i.meeting + ")") + "\n";
}

nlohmann::ordered_json score_json(const Score& s) {
  return {{"precision", s.precision()},
          {"recall", s.recall()},
          {"extracted", s.extracted},
          {"gold", s.gold},
          {"matched", s.matched}};
}

nlohmann::ordered_json kinds_json(const KindScores& kinds) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [kind, score] : kinds) out[kind] = score_json(score);
  return out;
}

nlohmann::ordered_json customer_json(const std::optional<std::string>& c) {
  return c ? nlohmann::ordered_json(*c) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json item_json(const EvalItem& i) {
  return {{"path", i.path},       {"line", i.line},
          {"meeting", i.meeting}, {"kind", kind_name(i.kind)},
          {"text", i.text},       {"customer", customer_json(i.customer)}};
}

}  // namespace

std::string eval_text(const EvalReport& r) {
  std::string out = format("extractor %s, %d meetings\n\n", r.extractor.c_str(), r.meetings);
  out +=
      format("%-13s %9s %7s %10s %5s %8s\n", "kind", "precision", "recall", "extracted", "gold", "matched");
  for (const auto& [kind, score] : r.by_kind) score_row(out, kind, score);
  score_row(out, "overall", r.overall);

  out += format("\nattribution errors: %zu\n", r.attribution_errors.size());
  for (const AttributionError& a : r.attribution_errors)
    out += "  " + where(a.item) + "  " + kind_name(a.item.kind) + " to " + who(a.item.customer) +
           ", expected " + who(a.expected) + "  " + a.item.text + "\n";
  out += format("\nmust-not violations: %zu\n", r.must_not_violations.size());
  for (const MustNotViolation& v : r.must_not_violations)
    out += "  " + where(v.item) + "  " + kind_name(v.item.kind) + " holds \"" + v.phrase + "\"  " +
           v.item.text + "\n";
  item_list(out, "misses (expected, not extracted)", r.misses);
  item_list(out, "extras (extracted, not expected)", r.extras);
  if (!r.errors.empty()) {
    out += format("\nnot scored: %zu\n", r.errors.size());
    for (const Failure& f : r.errors) out += "  " + f.text() + "\n";
  }
  return out;
}

std::string eval_compare_text(const std::vector<EvalReport>& reports) {
  std::string out = format("%-20s", "");
  for (const EvalReport& r : reports) out += format(" %17s", r.extractor.c_str());
  out += format("\n%-20s", "kind");
  for (size_t i = 0; i < reports.size(); ++i) out += format(" %9s %7s", "precision", "recall");
  out += "\n";
  std::set<std::string> kinds;
  for (const EvalReport& r : reports)
    for (const auto& [kind, score] : r.by_kind) kinds.insert(kind);
  auto row = [&](const std::string& name, auto score_of) {
    out += format("%-20s", name.c_str());
    for (const EvalReport& r : reports) {
      Score s = score_of(r);
      out += format(" %9s %7s", ratio(s.extracted, s.precision()).c_str(), ratio(s.gold, s.recall()).c_str());
    }
    out += "\n";
  };
  for (const std::string& kind : kinds)
    row(kind, [&](const EvalReport& r) {
      auto it = r.by_kind.find(kind);
      return it == r.by_kind.end() ? Score{} : it->second;
    });
  row("overall", [](const EvalReport& r) { return r.overall; });
  auto count_row = [&](const char* name, auto count_of) {
    out += format("%-20s", name);
    for (const EvalReport& r : reports) out += format(" %17zu", size_t(count_of(r)));
    out += "\n";
  };
  out += "\n";
  count_row("attribution errors", [](const EvalReport& r) { return r.attribution_errors.size(); });
  count_row("must-not violations", [](const EvalReport& r) { return r.must_not_violations.size(); });
  count_row("misses", [](const EvalReport& r) { return r.misses.size(); });
  count_row("extras", [](const EvalReport& r) { return r.extras.size(); });
  count_row("meetings scored", [](const EvalReport& r) { return r.meetings; });
  count_row("meetings failed", [](const EvalReport& r) { return r.errors.size(); });
  return out;
}

nlohmann::ordered_json eval_json(const EvalReport& r) {
  nlohmann::ordered_json formats = nlohmann::ordered_json::object();
  for (const auto& [format, kinds] : r.by_format) formats[format] = kinds_json(kinds);
  nlohmann::ordered_json attribution = nlohmann::ordered_json::array();
  for (const AttributionError& a : r.attribution_errors) {
    nlohmann::ordered_json j = item_json(a.item);
    j["expected"] = customer_json(a.expected);
    attribution.push_back(j);
  }
  nlohmann::ordered_json violations = nlohmann::ordered_json::array();
  for (const MustNotViolation& v : r.must_not_violations) {
    nlohmann::ordered_json j = item_json(v.item);
    j["phrase"] = v.phrase;
    violations.push_back(j);
  }
  auto items = [](const std::vector<EvalItem>& list) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const EvalItem& i : list) out.push_back(item_json(i));
    return out;
  };
  return {
      {"extractor", r.extractor},          {"meetings", r.meetings},    {"overall", score_json(r.overall)},
      {"kinds", kinds_json(r.by_kind)},    {"formats", formats},        {"attribution_errors", attribution},
      {"must_not_violations", violations}, {"misses", items(r.misses)}, {"extras", items(r.extras)},
      {"errors", failure_texts(r.errors)}};
}

}  // namespace dossier
