#include "extractors/noise.h"

#include <re2/re2.h>
#include <re2/set.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <unordered_set>

#include "util/error.h"
#include "util/text.h"
#include "util/unicode.h"
#include "vault/templates.h"
#include "vault/yaml_file.h"

namespace dossier {

// One RE2::Set per family, so an item costs one pass per family however
// many patterns; `boilerplate_tool[i]` names the tool of boilerplate pattern i.
struct CompiledNoise {
  std::unique_ptr<RE2::Set> boilerplate, pleasantry, personal;
  size_t boilerplate_count = 0, pleasantry_count = 0, personal_count = 0;
  std::vector<std::string> boilerplate_tool;
  std::unordered_set<std::string> sentiment, fillers;           // casefolded
  std::vector<std::string> personal_headings;                   // casefolded words, space-joined
  std::vector<std::pair<std::string, std::string>> link_hosts;  // host -> tool
};

namespace {

std::vector<std::string> folded_words(std::string_view text) { return plain_words(casefold(text)); }

// Sentiment, fillers and names only, with some sentiment (see noise.yaml).
// A capitalised word counts as a name; the first word only in a line of
// three words or more ("Tomasz was very positive"), since a two-word line
// such as "Upsell strong" leans on its first word.
bool sentiment_only(std::string_view text, const CompiledNoise& c) {
  std::vector<std::string> words = plain_words(text);
  bool sentiment = false;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string w = casefold(words[i]);
    if (c.sentiment.count(w))
      sentiment = true;
    else if (!c.fillers.count(w) && !((i > 0 || words.size() >= 3) && starts_upper(words[i])))
      return false;
  }
  return sentiment;
}

void read_words(const std::string& file, const YAML::Node& list, const std::string& key,
                std::unordered_set<std::string>& into) {
  if (!list) return;
  if (!list.IsSequence()) fail_at(file, list, "'" + key + "' must be a list of words");
  for (const YAML::Node& w : list) {
    if (!w.IsScalar()) fail_at(file, w, "a word must be a string");
    for (std::string& f : folded_words(w.Scalar())) into.insert(std::move(f));
  }
}

// Calls fn(tool, entry) for each entry of `map`'s note-taker -> list of
// `what` (a missing `map` has none).
template <typename Fn>
void for_each_by_tool(const std::string& file, const YAML::Node& map, const std::string& key,
                      const std::string& what, Fn fn) {
  if (!map) return;
  if (!map.IsMap()) fail_at(file, map, "'" + key + "' must map a note-taker to a list of " + what);
  for (const auto& tool : map) {
    if (!tool.second.IsSequence()) fail_at(file, tool.second, "'" + key + "' lists must be lists of " + what);
    for (const YAML::Node& entry : tool.second) fn(tool.first.Scalar(), entry);
  }
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

class SetBuilder {
 public:
  SetBuilder(const std::string& file) : file_(file) {
    RE2::Options options;
    options.set_log_errors(false);
    set_ = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  }
  void add(const YAML::Node& node) {
    if (!node.IsScalar()) fail_at(file_, node, "a pattern must be a string");
    std::string error;
    if (set_->Add(node.Scalar(), &error) < 0)
      fail_at(file_, node, "bad pattern '" + node.Scalar() + "': " + error);
    ++count_;
  }
  void add_all(const YAML::Node& list, const std::string& key) {
    if (list.IsNull()) return;
    if (!list.IsSequence()) fail_at(file_, list, "'" + key + "' must be a list of patterns");
    for (const YAML::Node& p : list) add(p);
  }
  std::unique_ptr<RE2::Set> finish(size_t& count) {
    if (!set_->Compile()) throw ConfigError(file_, 1, "noise patterns too large to compile");
    count = count_;
    return std::move(set_);
  }

 private:
  std::string file_;
  std::unique_ptr<RE2::Set> set_;
  size_t count_ = 0;
};

void check_keys(const std::string& file, const YAML::Node& map, const std::string& what,
                std::initializer_list<std::string_view> known) {
  if (map.IsNull()) return;
  if (!map.IsMap()) fail_at(file, map, "'" + what + "' must be a map");
  for (const auto& kv : map) {
    std::string key = kv.first.Scalar();
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string list;
    for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    fail_at(file, kv.first, "unknown key '" + key + "' in '" + what + "' (known: " + list + ")");
  }
}

bool matches(const RE2::Set* set, size_t count, std::string_view text, std::vector<int>* hits = nullptr) {
  if (!set || count == 0) return false;
  std::vector<int> local;
  std::vector<int>& out = hits ? *hits : local;
  return set->Match(text, &out);
}

bool is_url_end(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == ')' || c == ']' || c == '>' || c == '"';
}

// The tool whose app `url` points into ("https://notes.granola.ai/d/1" ->
// Granola), or "".
std::string tool_of_url(std::string_view url, const CompiledNoise& c) {
  size_t scheme = url.find("://");
  std::string_view host = url.substr(scheme == std::string_view::npos ? 0 : scheme + 3);
  host = host.substr(0, host.find_first_of("/?#:"));
  std::string h = casefold(host);
  for (const auto& [domain, tool] : c.link_hosts)
    if (h == domain ||
        (h.size() > domain.size() && h.ends_with(domain) && h[h.size() - domain.size() - 1] == '.'))
      return tool;
  return "";
}

// `text` without Markdown links and bare URLs into note-taker apps (and the
// brackets around them); `tool` is set to the first such link's tool.
std::string cut_tool_links(std::string_view text, const CompiledNoise& c, std::string& tool) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t at = text.find("http", i);
    if (at == std::string_view::npos) break;
    bool url = text.compare(at, 7, "http://") == 0 || text.compare(at, 8, "https://") == 0;
    size_t end = at;
    while (end < text.size() && !is_url_end(text[end])) ++end;
    std::string t = url ? tool_of_url(text.substr(at, end - at), c) : "";
    if (t.empty()) {
      out.append(text.substr(i, end + (end == at) - i));
      i = end + (end == at);
      continue;
    }
    if (tool.empty()) tool = t;
    size_t begin = at;
    if (begin >= 2 && text[begin - 1] == '(' && text[begin - 2] == ']') {  // [label](url)
      size_t open = text.rfind('[', begin - 2);
      if (open != std::string_view::npos && open >= i) begin = open;
      if (end < text.size() && text[end] == ')') ++end;
    } else if (begin >= 1 && text[begin - 1] == '<' && end < text.size() && text[end] == '>') {
      --begin, ++end;
    }
    if (begin >= 1 && text[begin - 1] == '(' && end < text.size() && text[end] == ')') --begin, ++end;
    out.append(text.substr(i, begin - i));
    i = end;
  }
  if (tool.empty()) return std::string(text);
  out.append(text.substr(std::min(i, text.size())));
  // what was left of "Send the deck · [watch 02:31](...)": trailing separators
  std::string trimmed = collapse_spaces(out);
  static constexpr std::string_view kSeparators[] = {" ", "-", ":", "|", "(", "·", "•", "—", "–"};
  for (bool again = true; again;) {
    again = false;
    for (std::string_view sep : kSeparators)
      if (trimmed.ends_with(sep)) {
        trimmed.erase(trimmed.size() - sep.size());
        again = true;
      }
  }
  return trimmed;
}

}  // namespace

NoiseFilter NoiseFilter::parse(std::string_view yaml, const std::string& file) {
  YAML::Node root = parse_yaml(yaml, file);
  auto c = std::make_shared<CompiledNoise>();
  check_keys(file, root, "noise file", {"links", "boilerplate", "pleasantries", "personal"});
  for_each_by_tool(file, root["links"], "links", "hosts",
                   [&](const std::string& tool, const YAML::Node& host) {
                     c->link_hosts.emplace_back(casefold(host.Scalar()), tool);
                   });
  SetBuilder boilerplate(file), pleasantry(file), personal(file);
  for_each_by_tool(file, root["boilerplate"], "boilerplate", "patterns",
                   [&](const std::string& tool, const YAML::Node& p) {
                     boilerplate.add(p);
                     c->boilerplate_tool.push_back(tool);
                   });
  if (const YAML::Node p = root["pleasantries"]) {
    check_keys(file, p, "pleasantries", {"patterns", "sentiment", "fillers"});
    pleasantry.add_all(p["patterns"], "patterns");
    read_words(file, p["sentiment"], "sentiment", c->sentiment);
    read_words(file, p["fillers"], "fillers", c->fillers);
  }
  if (const YAML::Node p = root["personal"]) {
    check_keys(file, p, "personal", {"patterns", "headings"});
    personal.add_all(p["patterns"], "patterns");
    if (const YAML::Node headings = p["headings"]) {
      if (!headings.IsSequence()) fail_at(file, headings, "'headings' must be a list of headings");
      for (const YAML::Node& h : headings) {
        if (!h.IsScalar()) fail_at(file, h, "a heading must be a string");
        std::string key = joined(folded_words(h.Scalar()));
        if (!key.empty()) c->personal_headings.push_back(std::move(key));
      }
    }
  }
  c->boilerplate = boilerplate.finish(c->boilerplate_count);
  c->pleasantry = pleasantry.finish(c->pleasantry_count);
  c->personal = personal.finish(c->personal_count);
  NoiseFilter filter;
  filter.compiled_ = std::move(c);
  return filter;
}

NoiseFilter::Verdict NoiseFilter::judge(std::string_view original) const {
  if (!compiled_) return {std::string(original), std::nullopt};
  const CompiledNoise& c = *compiled_;
  std::string link_tool;
  Verdict v{cut_tool_links(original, c, link_tool), std::nullopt};
  std::string_view text = v.text;
  std::vector<std::string> words = folded_words(text);
  std::vector<int> hits;
  bool boilerplate = matches(c.boilerplate.get(), c.boilerplate_count, text, &hits);
  // "Transcribed by <link>", "[View Meeting](<link>)": a label around a link
  if (!link_tool.empty() && (boilerplate || words.size() <= 3)) {
    v.reason = "boilerplate: " + link_tool;
  } else if (boilerplate) {
    v.reason = "boilerplate: " +
               c.boilerplate_tool[static_cast<size_t>(*std::min_element(hits.begin(), hits.end()))];
  } else if (matches(c.pleasantry.get(), c.pleasantry_count, text) || sentiment_only(text, c)) {
    v.reason = "pleasantry";
  } else if (matches(c.personal.get(), c.personal_count, text)) {
    v.reason = "personal";
  }
  return v;
}

bool NoiseFilter::personal_heading(std::string_view heading) const {
  if (!compiled_) return false;
  std::string key = joined(folded_words(heading));
  for (const std::string& h : compiled_->personal_headings)
    if (key == h || (key.size() > h.size() && key.compare(0, h.size(), h) == 0 && key[h.size()] == ' '))
      return true;
  return false;
}

std::vector<bool> under_personal_heading(const std::vector<Block>& blocks, const NoiseFilter& noise) {
  std::vector<bool> out(blocks.size(), false);
  std::vector<std::pair<int, bool>> stack;  // enclosing headings: level, personal
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    bool heading = b.kind == BlockKind::heading;
    while (!stack.empty() &&
           (heading ? stack.back().first >= b.heading_level : stack.back().first > b.heading_level))
      stack.pop_back();
    if (heading) {
      bool personal = noise.personal_heading(b.text) || (!stack.empty() && stack.back().second);
      stack.emplace_back(b.heading_level, personal);
      continue;
    }
    out[i] = !stack.empty() && stack.back().second;
  }
  return out;
}

void drop_noise(Extraction& extraction, const NoiseFilter& noise) {
  std::vector<Item> kept;
  for (Item& item : extraction.items) {
    if (item.kind == ItemKind::contact) {
      kept.push_back(std::move(item));
      continue;
    }
    NoiseFilter::Verdict v = noise.judge(item.text);
    if (v.reason) {
      extraction.dropped.push_back({item.text, item.line, *v.reason});
      continue;
    }
    item.text = std::move(v.text);
    kept.push_back(std::move(item));
  }
  extraction.items = std::move(kept);
  std::stable_sort(extraction.dropped.begin(), extraction.dropped.end(),
                   [](const DroppedItem& a, const DroppedItem& b) { return a.line < b.line; });
}

std::shared_ptr<const NoiseFilter> builtin_noise() {
  auto text = builtin_template("noise.yaml");
  if (!text) throw ConfigError("templates/noise.yaml", 1, "built-in noise patterns missing");
  return std::make_shared<const NoiseFilter>(NoiseFilter::parse(*text, "templates/noise.yaml"));
}

}  // namespace dossier
