#include "util/stemmer.h"

#include <libstemmer.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <utility>

namespace dossier {

std::string snowball_algorithm(std::string_view language) {
  std::string lang;
  for (char c : language) lang += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  lang = lang.substr(0, lang.find_first_of("-_"));  // "en-GB" -> "en"
  static constexpr std::pair<std::string_view, std::string_view> kCodes[] = {
      {"ar", "arabic"},     {"da", "danish"},    {"de", "german"},     {"el", "greek"},
      {"en", "english"},    {"es", "spanish"},   {"eu", "basque"},     {"ca", "catalan"},
      {"fi", "finnish"},    {"fr", "french"},    {"ga", "irish"},      {"hi", "hindi"},
      {"hu", "hungarian"},  {"hy", "armenian"},  {"id", "indonesian"}, {"it", "italian"},
      {"lt", "lithuanian"}, {"ne", "nepali"},    {"nl", "dutch"},      {"no", "norwegian"},
      {"nb", "norwegian"},  {"nn", "norwegian"}, {"pt", "portuguese"}, {"ro", "romanian"},
      {"ru", "russian"},    {"sr", "serbian"},   {"sv", "swedish"},    {"ta", "tamil"},
      {"tr", "turkish"},    {"yi", "yiddish"}};
  for (const auto& [code, name] : kCodes)
    if (lang == code || lang == name) return std::string(name);
  const char** names = sb_stemmer_list();
  for (size_t i = 0; names[i]; ++i)
    if (lang == names[i]) return lang;
  return "english";
}

void Stemmer::Free::operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }

Stemmer::Stemmer(std::string_view language)
    : algorithm_(snowball_algorithm(language)), stemmer_(sb_stemmer_new(algorithm_.c_str(), "UTF_8")) {
  if (!stemmer_) {  // never for a name from snowball_algorithm, but stay usable
    algorithm_ = "english";
    stemmer_.reset(sb_stemmer_new("english", "UTF_8"));
  }
}

Stemmer::~Stemmer() = default;
Stemmer::Stemmer(Stemmer&&) noexcept = default;
Stemmer& Stemmer::operator=(Stemmer&&) noexcept = default;

std::string Stemmer::stem(std::string_view word) const {
  if (!stemmer_ || word.empty()) return std::string(word);
  const sb_symbol* out = sb_stemmer_stem(stemmer_.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                                         static_cast<int>(std::min<size_t>(word.size(), 1 << 20)));
  if (!out) return std::string(word);  // out of memory in the stemmer: compare the word itself
  return std::string(reinterpret_cast<const char*>(out),
                     static_cast<size_t>(sb_stemmer_length(stemmer_.get())));
}

}  // namespace dossier
