// Reading the model's answer: parsing (fenced or not), schema checks,
// grounding against the meeting text, and the hybrid merge.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "extractors/llm_extractor.h"
#include "util/text.h"
#include "util/unicode.h"

namespace dossier {
namespace {

using nlohmann::json;

// An item's text goes into a customer note as one bullet; a model that writes
// an essay gets cut at a character boundary.
constexpr size_t kMaxItemTextBytes = 1000;

std::string_view strip_code_fence(std::string_view s) {
  s = trim(s);
  size_t open = s.find("```");
  if (open == std::string_view::npos) return s;
  size_t body = s.find('\n', open);
  if (body == std::string_view::npos) return s;
  size_t close = s.find("```", body + 1);
  if (close == std::string_view::npos) return s.substr(body + 1);  // fence never closed
  return s.substr(body + 1, close - body - 1);
}

std::optional<std::string> schema_error(const json& j) {
  if (!j.is_object()) return "the answer is not a JSON object";
  if (!j.contains("items") || !j["items"].is_array()) return "the answer has no \"items\" array";
  const json& items = j["items"];
  for (size_t i = 0; i < items.size(); ++i) {
    const json& it = items[i];
    std::string where = "items[" + std::to_string(i) + "]";
    if (!it.is_object()) return where + " is not an object";
    for (const char* field : {"kind", "text", "quote"})
      if (!it.contains(field) || !it[field].is_string()) return where + "." + field + " is not a string";
    if (it.contains("customer") && !it["customer"].is_string() && !it["customer"].is_null())
      return where + ".customer is neither a string nor null";
  }
  return std::nullopt;
}

// `s` from..to with whitespace runs folded to one space and emphasis markers
// dropped, remembering where each kept byte came from.
struct Folded {
  std::string text;
  std::vector<size_t> offsets;
};

Folded fold(std::string_view s, size_t from, size_t to) {
  Folded f;
  bool space = false;
  for (size_t i = from; i < to; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isspace(c)) {
      space = !f.text.empty();
      continue;
    }
    if (c == '*' || c == '`') continue;
    if (space) {
      f.text += ' ';
      f.offsets.push_back(i);
      space = false;
    }
    f.text += static_cast<char>(c);
    f.offsets.push_back(i);
  }
  return f;
}

std::string merge_key(std::string_view text) {
  std::string s = casefold(collapse_spaces(text));
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::optional<std::string> completion_content(std::string_view response_body) {
  json j = json::parse(response_body, nullptr, false);
  if (!j.is_object() || !j.contains("choices") || !j["choices"].is_array() || j["choices"].empty())
    return std::nullopt;
  const json& choice = j["choices"][0];
  if (!choice.is_object() || !choice.contains("message") || !choice["message"].is_object())
    return std::nullopt;
  const json& message = choice["message"];
  if (!message.contains("content") || !message["content"].is_string()) return std::nullopt;
  return message["content"].get<std::string>();
}

ParsedAnswer parse_llm_content(std::string_view content) {
  ParsedAnswer out;
  std::string_view text = strip_code_fence(content);
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) {  // chatter around the object: try from the first { to the last }
    size_t open = text.find('{'), close = text.rfind('}');
    if (open != std::string_view::npos && close != std::string_view::npos && open < close)
      j = json::parse(text.substr(open, close - open + 1), nullptr, false);
  }
  if (j.is_discarded()) {
    out.error = "the answer is not valid JSON";
    return out;
  }
  if (auto err = schema_error(j)) {
    out.error = "the answer does not match the schema: " + *err;
    return out;
  }
  for (const json& it : j["items"]) {
    RawLlmItem item{it["kind"].get<std::string>(), it["text"].get<std::string>(), std::nullopt,
                    it["quote"].get<std::string>()};
    if (it.contains("customer") && it["customer"].is_string())
      item.customer = it["customer"].get<std::string>();
    out.items.push_back(std::move(item));
  }
  return out;
}

std::optional<size_t> find_quote(std::string_view text, std::string_view quote, size_t from, size_t to) {
  to = std::min(to, text.size());
  if (from >= to) return std::nullopt;
  Folded q = fold(quote, 0, quote.size());
  if (q.text.empty()) return std::nullopt;
  Folded t = fold(text, from, to);
  size_t at = t.text.find(q.text);
  if (at == std::string::npos) return std::nullopt;
  return t.offsets[at];
}

GroundedItems ground_items(const std::vector<RawLlmItem>& raw, std::string_view meeting_text,
                           const TextChunk& chunk, const VaultIndex& vault) {
  GroundedItems out;
  for (const RawLlmItem& r : raw) {
    auto kind = parse_item_kind(trim(r.kind));
    if (!kind) {
      ++out.dropped_unknown_kind;
      continue;
    }
    Item item;
    item.kind = *kind;
    item.extractor = ItemSource::llm;
    // An empty string is how some models say null; any other name must be known.
    if (r.customer && !trim(*r.customer).empty()) {
      const Customer* c = find_customer(vault, trim(*r.customer));
      if (!c) {
        ++out.dropped_unknown_customer;
        continue;
      }
      item.customer = c->name;
    }
    item.text = truncate_utf8(collapse_spaces(r.text), kMaxItemTextBytes);
    if (item.text.empty()) continue;
    auto at = find_quote(meeting_text, r.quote, chunk.begin, chunk.end);
    if (!at) at = find_quote(meeting_text, r.quote);
    if (!at) {
      ++out.dropped_ungrounded;
      continue;
    }
    item.line = line_of_offset(meeting_text, *at);
    out.items.push_back(std::move(item));
  }
  return out;
}

std::vector<Item> merge_hybrid(std::vector<Item> rules_items, std::vector<Item> llm_items) {
  std::vector<Item> out = std::move(rules_items);
  const size_t rules_count = out.size();
  for (Item& candidate : llm_items) {
    std::string key = merge_key(candidate.text);
    bool repeats = std::any_of(out.begin(), out.begin() + rules_count, [&](const Item& r) {
      return r.kind == candidate.kind && (r.line == candidate.line || merge_key(r.text) == key);
    });
    if (!repeats) out.push_back(std::move(candidate));
  }
  std::stable_sort(out.begin(), out.end(), [](const Item& a, const Item& b) { return a.line < b.line; });
  return out;
}

}  // namespace dossier
