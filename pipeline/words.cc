#include "pipeline/words.h"

#include <algorithm>
#include <cctype>

#include "pipeline/merge_lines.h"
#include "util/text.h"

namespace dossier {

namespace {
bool is_word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }
}  // namespace

Words tokenize(std::string_view text) {
  std::string folded = casefold(text);
  for (size_t at = folded.find("’"); at != std::string::npos; at = folded.find("’", at))
    folded.replace(at, 3, "'");
  Words out;
  size_t i = 0;
  while (i < folded.size()) {
    if (!is_word_byte(folded[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < folded.size() && is_word_byte(folded[i])) ++i;
    std::string word = folded.substr(start, i - start);
    if (i + 1 < folded.size() && folded[i] == '\'' && is_word_byte(folded[i + 1])) {
      size_t end = i + 1;
      while (end < folded.size() && is_word_byte(folded[end])) ++end;
      std::string suffix = folded.substr(i + 1, end - i - 1);
      i = end;
      if (suffix == "t" && word.ends_with("n")) {
        word.pop_back();
        out.push_back(word == "ca" ? "can" : word == "wo" ? "will" : word);
        out.push_back("not");
        continue;
      }
      out.push_back(word);
      if (suffix == "ll") out.push_back("will");
      continue;
    }
    out.push_back(std::move(word));
  }
  return out;
}

std::string stem(std::string w) {
  auto drop = [&](size_t n) { w.erase(w.size() - n); };
  if (w.size() > 4 && (w.ends_with("ied") || w.ends_with("ies"))) {
    drop(3);
    w += 'y';
  } else if (w.size() > 5 && w.ends_with("ing")) {
    drop(3);
  } else if (w.size() > 4 && (w.ends_with("ed") || w.ends_with("ches") || w.ends_with("shes") ||
                              w.ends_with("sses") || w.ends_with("xes"))) {
    drop(2);
  } else if (w.size() > 3 && w.ends_with('s') && !w.ends_with("ss")) {
    drop(1);
  }
  if (w.size() > 3 && w.back() == w[w.size() - 2] && !std::isdigit(static_cast<unsigned char>(w.back())) &&
      w.back() != 'l' && w.back() != 's')
    drop(1);
  if (w.size() > 3 && w.back() == 'e') drop(1);
  return w;
}

void for_each_body_line(const Meeting& meeting, const std::function<void(std::string_view, int)>& fn) {
  for (const Section& section : meeting.note.sections) {
    std::vector<std::string_view> lines = split_lines(section.raw);
    std::vector<bool> fenced = fenced_lines(std::vector<std::string>(lines.begin(), lines.end()));
    for (size_t i = section.level > 0 ? 1 : 0; i < lines.size(); ++i) {
      if (fenced[i]) continue;
      std::string_view text = trim(strip_eol(lines[i]));
      if (text.empty() || text.starts_with("#")) continue;
      fn(text, section.first_line + static_cast<int>(i));
    }
  }
}

bool links_newer_meeting(std::string_view line, std::string_view date) {
  if (date.empty()) return false;
  for (const std::string& target : wikilink_targets(line))
    if (target.size() >= 10 && is_iso_date(std::string_view(target).substr(0, 10)) &&
        target.substr(0, 10) > date)
      return true;
  return false;
}

}  // namespace dossier
