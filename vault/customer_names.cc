#include "vault/customer_names.h"

#include <algorithm>
#include <set>

#include "util/text.h"
#include "util/unicode.h"
#include "vault/vault.h"

namespace dossier {
namespace {

const std::set<std::string, std::less<>>& legal_suffixes() {
  static const std::set<std::string, std::less<>> kSuffixes = {
      "inc",     "incorporated", "ltd",  "limited", "llc", "llp", "lp", "corp", "corporation", "co",
      "company", "plc",          "gmbh", "ag",      "kg",  "ohg", "ug", "se",   "sa",          "sas",
      "sarl",    "srl",          "spa",  "bv",      "nv",  "ab",  "as", "asa",  "oy",          "oyj",
      "pty",     "pte",          "kk",   "pvt",     "lda", "sl",  "mbh"};
  return kSuffixes;
}

// Levenshtein distance over bytes, giving up above `limit`.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > limit) return limit + 1;
  std::vector<size_t> row(a.size() + 1);
  for (size_t i = 0; i <= a.size(); ++i) row[i] = i;
  for (size_t j = 1; j <= b.size(); ++j) {
    size_t diagonal = row[0];
    row[0] = j;
    size_t best = row[0];
    for (size_t i = 1; i <= a.size(); ++i) {
      size_t up = row[i];
      row[i] = std::min({row[i] + 1, row[i - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
      best = std::min(best, row[i]);
    }
    if (best > limit) return limit + 1;
  }
  return row[a.size()];
}

}  // namespace

std::string company_key(std::string_view name) {
  // "S.A." and "Inc." are one word each: "sa", "inc".
  std::vector<std::string> words = split_words(casefold(name), {is_word_char, U".", {}});
  while (words.size() > 1 && legal_suffixes().count(words.back())) words.pop_back();
  return join(words, " ");
}

bool near_company_keys(std::string_view a, std::string_view b) {
  if (a == b) return false;
  size_t shorter = std::min(a.size(), b.size());
  if (shorter < 6) return false;
  size_t limit = std::min<size_t>(2, shorter / 6);
  return edit_distance(a, b, limit) <= limit;
}

const Customer* near_customer(const VaultIndex& vault, std::string_view name) {
  std::string key = company_key(name);
  for (const Customer& c : vault.customers()) {
    if (near_company_keys(key, company_key(c.name))) return &c;
    for (const std::string& alias : c.aliases)
      if (near_company_keys(key, company_key(alias))) return &c;
  }
  return nullptr;
}

std::vector<Failure> near_duplicate_customers(const VaultIndex& vault) {
  std::vector<Failure> out;
  std::vector<std::string> keys;
  for (const Customer& c : vault.customers()) keys.push_back(company_key(c.name));
  for (size_t i = 0; i < vault.customers().size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (keys[i] == keys[j] || near_company_keys(keys[i], keys[j])) {
        out.emplace_back(vault.customers()[i].path, 1,
                         "looks like a duplicate of " + vault.customers()[j].path +
                             " (merge the two notes, or give one an alias)");
        break;
      }
  return out;
}

}  // namespace dossier
