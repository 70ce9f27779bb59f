#include "extractors/dialogue.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "extractors/speech.h"
#include "util/error.h"
#include "util/text.h"
#include "vault/templates.h"
#include "vault/yaml_file.h"

namespace dossier {
namespace {

std::shared_ptr<const re2::RE2> compile(const std::string& pattern, const std::string& file, int line) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const re2::RE2>(pattern, options);
  if (!re->ok()) throw ConfigError(file, line, "bad pattern: " + re->error());
  return re;
}

DialogueKindModel parse_kind(const YAML::Node& node) {
  DialogueKindModel m;
  if (!node || !node.IsMap()) return m;
  if (node["threshold"]) m.threshold = node["threshold"].as<double>();
  if (node["turns_per_item"]) m.turns_per_item = std::max(1, node["turns_per_item"].as<int>());
  for (const auto& w : node["weights"]) m.weights[w.first.as<std::string>()] = w.second.as<double>();
  return m;
}

int words_in(std::string_view s) {
  int n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\n' || c == '\t';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

bool ends_with_question(std::string_view s) {
  s = trim(s);
  return !s.empty() && s.back() == '?';
}

// Lower-case words of a sentence: runs of ASCII letters and apostrophes.
std::vector<std::string> ascii_lower_words(std::string_view s) {
  std::vector<std::string> out;
  std::string word;
  for (char c : s) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((lower >= 'a' && lower <= 'z') || lower == '\'') {
      word += lower;
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

using WordSet = std::unordered_set<std::string>;

WordSet content_words(const std::vector<std::string>& words, const DialogueModel& model,
                      const WordSet& function) {
  WordSet out;
  for (const std::string& w : words)
    if (w.size() >= 4 && !function.count(w) && !model.stopwords.count(w)) out.insert(w);
  return out;
}

// Share of `words` for which `keep` holds (0 for none).
template <typename Pred>
double share(const WordSet& words, Pred keep) {
  if (words.empty()) return 0;
  size_t n = 0;
  for (const std::string& w : words) n += keep(w);
  return static_cast<double>(n) / static_cast<double>(words.size());
}

// A turn's sentences, cleaned, with their words.
struct TurnSentences {
  std::vector<std::pair<size_t, size_t>> spans;
  std::vector<std::string> texts;
  std::vector<std::vector<std::string>> words;
  WordSet content;  // of the whole turn
  int word_count = 0;
};

// The chair: whoever says the most.
std::string chair_of(const std::vector<Block>& blocks, const std::vector<size_t>& turns) {
  std::unordered_map<std::string, int> words;
  for (size_t b : turns) words[blocks[b].speaker] += words_in(blocks[b].text);
  std::string chair;
  int most = -1;
  for (size_t b : turns)
    if (words[blocks[b].speaker] > most) most = words[blocks[b].speaker], chair = blocks[b].speaker;
  return chair;
}

// Every turn's cleaned sentences and content words; in how many turns each
// content word occurs, overall and in the last part of the meeting.
struct CleanedTurns {
  std::vector<TurnSentences> turns;
  std::unordered_map<std::string, int> turns_with, end_turns_with;
  size_t end_zone = 0;  // the first turn of the last part
};

CleanedTurns clean_turns(const std::vector<Block>& blocks, const std::vector<size_t>& turns,
                         const DialogueModel& model, const WordSet& function) {
  CleanedTurns out;
  size_t n = turns.size();
  out.turns.resize(n);
  out.end_zone = n * 85 / 100;
  for (size_t t = 0; t < n; ++t) {
    TurnSentences& c = out.turns[t];
    for (auto [begin, end] : split_sentences(blocks[turns[t]].text)) {
      std::string text = clean_speech(std::string_view(blocks[turns[t]].text).substr(begin, end - begin));
      if (text.empty()) continue;
      c.spans.emplace_back(begin, end);
      c.words.push_back(ascii_lower_words(text));
      c.word_count += static_cast<int>(c.words.back().size());
      WordSet content = content_words(c.words.back(), model, function);
      c.content.insert(content.begin(), content.end());
      c.texts.push_back(std::move(text));
    }
    for (const std::string& w : c.content) {
      ++out.turns_with[w];
      if (t >= out.end_zone) ++out.end_turns_with[w];
    }
  }
  return out;
}

// How the sentence's content words recur: in the others' next turns
// (`answered`), in the last part of the meeting, and across it.
void add_echo_features(std::map<std::string, double>& f, const WordSet& content, const WordSet& answered,
                       const CleanedTurns& cleaned, bool in_end) {
  auto turns_with = [&](const std::unordered_map<std::string, int>& counts, const std::string& w) {
    auto it = counts.find(w);
    return it == counts.end() ? 0 : it->second;
  };
  f["echo_next"] = share(content, [&](const std::string& w) { return answered.count(w) > 0; });
  f["echo_end"] = share(content, [&](const std::string& w) {
    return turns_with(cleaned.end_turns_with, w) - (in_end ? 1 : 0) > 0;
  });
  f["central"] = share(content, [&](const std::string& w) { return turns_with(cleaned.turns_with, w) >= 5; });
  f["n_content"] = std::min<size_t>(content.size(), 20) / 20.0;
}

// Whether the turn as a whole has a cue: the annotators mark turns, and the
// sentence that names the cue may not be the one that says what. `turn` is
// the turn's sentences.
void add_turn_level_features(std::span<DialogueSentence> turn, const DialogueModel& model) {
  std::vector<std::string> turn_level;
  for (const auto& [name, re] : model.cues) turn_level.push_back(name);
  turn_level.push_back("proposal_agreed");
  for (const std::string& name : turn_level) {
    double any = 0;
    for (const DialogueSentence& s : turn) any = std::max(any, s.features.at(name));
    for (DialogueSentence& s : turn) s.features["t_" + name] = any;
  }
}

}  // namespace

DialogueModel parse_dialogue_model(std::string_view yaml, const std::string& file) {
  YAML::Node root = parse_yaml(yaml, file, "");
  DialogueModel m;
  try {
    for (const auto& cue : root["cues"])
      m.cues.emplace_back(cue.first.as<std::string>(),
                          compile(cue.second.as<std::string>(), file, cue.second.Mark().line + 1));
    if (root["agreement"])
      m.agreement = compile(root["agreement"].as<std::string>(), file, root["agreement"].Mark().line + 1);
    for (const auto& w : root["words"]) m.words.push_back(w.as<std::string>());
    for (const auto& w : root["stopwords"]) m.stopwords.insert(w.as<std::string>());
    if (root["min_turns"]) m.min_turns = root["min_turns"].as<int>();
    m.decision = parse_kind(root["decision"]);
    m.next_step = parse_kind(root["next_step"]);
  } catch (const YAML::Exception& e) {
    throw ConfigError(file, e.mark.line + 1, e.msg);
  }
  return m;
}

std::shared_ptr<const DialogueModel> builtin_dialogue_model() {
  auto text = builtin_template("dialogue.yaml");
  if (!text) throw ConfigError("templates/dialogue.yaml", 1, "built-in dialogue model missing");
  return std::make_shared<const DialogueModel>(parse_dialogue_model(*text, "templates/dialogue.yaml"));
}

std::vector<DialogueSentence> dialogue_sentences(const std::vector<Block>& blocks,
                                                 const DialogueModel& model) {
  std::vector<size_t> turns;
  for (size_t i = 0; i < blocks.size(); ++i)
    if (blocks[i].kind == BlockKind::turn) turns.push_back(i);
  std::vector<DialogueSentence> out;
  if (turns.size() < static_cast<size_t>(std::max(1, model.min_turns))) return out;
  size_t n = turns.size();

  std::string chair = chair_of(blocks, turns);
  WordSet function(model.words.begin(), model.words.end());
  CleanedTurns cleaned = clean_turns(blocks, turns, model, function);

  const re2::RE2* proposal = nullptr;
  for (const auto& [name, re] : model.cues)
    if (name == "proposal") proposal = re.get();
  auto agrees = [&](const Block& b) {
    return model.agreement && RE2::PartialMatch(b.text, *model.agreement);
  };

  for (size_t t = 0; t < n; ++t) {
    const Block& block = blocks[turns[t]];
    const TurnSentences& c = cleaned.turns[t];
    const Block* next = t + 1 < n ? &blocks[turns[t + 1]] : nullptr;
    const Block* prev = t > 0 ? &blocks[turns[t - 1]] : nullptr;
    bool other_next = next && next->speaker != block.speaker;
    bool other_prev = prev && prev->speaker != block.speaker;
    double position = n > 1 ? static_cast<double>(t) / static_cast<double>(n - 1) : 0;
    bool agreed_next = other_next && agrees(*next);
    bool after_question = other_prev && ends_with_question(prev->text);
    bool after_proposal = other_prev && proposal && RE2::PartialMatch(prev->text, *proposal);
    bool agrees_to_proposal = after_proposal && agrees(block);
    int turn_words = words_in(block.text);
    // What the others say in the next few turns: a point they take up.
    WordSet answered;
    for (size_t u = t + 1; u < std::min(n, t + 6); ++u)
      if (blocks[turns[u]].speaker != block.speaker)
        answered.insert(cleaned.turns[u].content.begin(), cleaned.turns[u].content.end());
    size_t first = out.size();
    for (size_t j = 0; j < c.texts.size(); ++j) {
      auto [begin, end] = c.spans[j];
      DialogueSentence s;
      s.block = turns[t];
      s.begin = begin;
      s.end = end;
      s.line = block.line_at(begin);
      auto& f = s.features;
      f["bias"] = 1;
      f["chair"] = block.speaker == chair ? 1 : 0;
      f["position"] = position;
      f["late"] = position > 0.85 ? 1 : 0;
      f["early"] = position < 0.1 ? 1 : 0;
      f["pos" + std::to_string(static_cast<int>(std::min(position, 0.999) * 5))] = 1;
      f["last30"] = n - t <= 30 ? 1 : 0;
      f["agreed_next"] = agreed_next ? 1 : 0;
      f["after_question"] = after_question ? 1 : 0;
      f["agrees_to_proposal"] = agrees_to_proposal ? 1 : 0;
      int sentence_words = words_in(c.texts[j]);
      f["sentence_length"] = std::min(sentence_words, 40) / 40.0;
      f["short"] = sentence_words < 5 ? 1 : 0;
      f["turn_length"] = std::min(turn_words, 150) / 150.0;
      f["log_words"] = std::log2(1.0 + c.word_count) / 8;
      f["first_in_turn"] = j == 0 ? 1 : 0;
      f["last_in_turn"] = j + 1 == c.texts.size() ? 1 : 0;
      bool is_proposal = false;
      for (const auto& [name, re] : model.cues) {
        bool hit = RE2::PartialMatch(c.texts[j], *re);
        f[name] = hit ? 1 : 0;
        if (hit && re.get() == proposal) is_proposal = true;
      }
      f["proposal_agreed"] = is_proposal && agreed_next ? 1 : 0;
      for (const std::string& w : c.words[j])
        if (function.count(w)) f["w_" + w] = 1;
      add_echo_features(f, content_words(c.words[j], model, function), answered, cleaned,
                        t >= cleaned.end_zone);
      s.text = c.texts[j];
      out.push_back(std::move(s));
    }
    add_turn_level_features(std::span(out).subspan(first), model);
  }
  return out;
}

double dialogue_score(const DialogueKindModel& model, const DialogueSentence& sentence) {
  double z = 0;
  for (const auto& [name, value] : sentence.features) {
    auto it = model.weights.find(name);
    if (it != model.weights.end()) z += it->second * value;
  }
  return z;
}

std::vector<DialoguePick> pick_dialogue_items(const std::vector<DialogueSentence>& sentences, size_t turns,
                                              const DialogueModel& model, const std::set<int>& claimed) {
  std::vector<DialoguePick> picks;
  for (ItemKind kind : {ItemKind::decision, ItemKind::next_step}) {
    const DialogueKindModel& m = kind == ItemKind::decision ? model.decision : model.next_step;
    if (m.weights.empty()) continue;
    std::vector<DialoguePick> best;  // the best sentence of each turn
    for (size_t i = 0; i < sentences.size(); ++i) {
      // "Let's do that." says a decision was taken, not what it was: never an item.
      if (auto it = sentences[i].features.find("short"); it != sentences[i].features.end() && it->second > 0)
        continue;
      if (claimed.count(sentences[i].line)) continue;
      double score = dialogue_score(m, sentences[i]);
      if (score < m.threshold) continue;
      if (!best.empty() && sentences[best.back().sentence].block == sentences[i].block) {
        if (score > best.back().score) best.back() = {i, kind, score};
        continue;
      }
      best.push_back({i, kind, score});
    }
    size_t cap = std::max<size_t>(
        1, (turns + static_cast<size_t>(m.turns_per_item) - 1) / static_cast<size_t>(m.turns_per_item));
    std::stable_sort(best.begin(), best.end(),
                     [](const DialoguePick& a, const DialoguePick& b) { return a.score > b.score; });
    if (best.size() > cap) best.resize(cap);
    picks.insert(picks.end(), best.begin(), best.end());
  }
  std::stable_sort(picks.begin(), picks.end(),
                   [](const DialoguePick& a, const DialoguePick& b) { return a.sentence < b.sentence; });
  return picks;
}

}  // namespace dossier
