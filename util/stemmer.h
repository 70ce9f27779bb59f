// Word stems for comparing wordings ("sends" and "send", "Angebote" and
// "Angebot"), with the Snowball stemmers of libstemmer. One Stemmer per
// thread: the underlying stemmer keeps state between calls.
#pragma once
#include <memory>
#include <string>
#include <string_view>

struct sb_stemmer;

namespace dossier {

class Stemmer {
 public:
  // `language`: an ISO 639-1 code ("en", "de") or a Snowball name
  // ("english", "german"); anything else, or "", gives English.
  explicit Stemmer(std::string_view language = "en");
  ~Stemmer();
  Stemmer(Stemmer&&) noexcept;
  Stemmer& operator=(Stemmer&&) noexcept;
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // The stem of one lower-case (case-folded) UTF-8 word.
  std::string stem(std::string_view word) const;

 private:
  struct Free {
    void operator()(sb_stemmer* s) const;
  };
  std::string algorithm_;
  std::unique_ptr<sb_stemmer, Free> stemmer_;
};

// The Snowball algorithm name for a language code or name ("de" ->
// "german"); "english" when unknown.
std::string snowball_algorithm(std::string_view language);

}  // namespace dossier
