// A gold file: what a careful reader expects dossier to extract from some
// meeting notes, written by hand (format in README.md, "How good is it on my
// notes?"; fixtures/gold/basic.yaml is a full example).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "vault/item.h"

namespace dossier {

struct GoldItem {
  ItemKind kind = ItemKind::fact;
  int line = 0;                         // line in the meeting file; 0 = match by `text` instead
  std::optional<std::string> customer;  // none: the item is about no customer
  std::string text;                     // with `line`: the wording; without: a key phrase of the item
  int gold_line = 0;                    // line of this entry in the gold file
};

struct GoldMeeting {
  std::string path;                    // vault-relative meeting note
  std::string format;                  // grouping label ("structured", "transcript", "vtt", ...)
  std::vector<std::string> customers;  // customers the meeting concerns
  std::vector<GoldItem> items;
  std::vector<std::string> must_not;  // phrases no item attributed to a customer may contain
  std::string date;                   // the meeting date a reader sees (YYYY-MM-DD), if labelled
  std::string held_by;                // our person who held the meeting ("(via ...)"), if labelled
  std::string gold_path;              // the gold file and the line of this meeting's entry in it
  int gold_line = 0;
};

struct Gold {
  std::string path;  // the gold file, for messages
  std::vector<GoldMeeting> meetings;
};

// Reads a gold file. Throws ConfigError ("path:line: message") for bad YAML,
// unknown keys, unknown kinds or an item with neither `line` nor `text`.
Gold load_gold(const std::string& path);
Gold parse_gold(const std::string& path, const std::string& yaml);

// The phrase form used to compare a key phrase with an item: case folded,
// punctuation and Markdown emphasis turned into spaces, spaces collapsed.
std::string phrase_key(const std::string& text);

}  // namespace dossier
