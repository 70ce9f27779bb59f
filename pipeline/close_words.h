// The word lists of closing the loop (templates/rules/close_loop.yaml), read
// by both halves of it: finding the reports in a meeting (close_loop.cc) and
// matching them with note lines (close_match.cc). Internal to the two.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "pipeline/words.h"

namespace dossier {

struct CloseLoopWords {
  std::set<std::string> done_markers, resolved_markers, blocker_words, negations, stopwords;
  std::vector<Words> done_phrases, resolved_phrases, future;
  std::map<std::string, std::string> irregular_past;
};

// Parsed once: the built-in list is constant data, like the built-in rules.
const CloseLoopWords& close_loop_words();

}  // namespace dossier
