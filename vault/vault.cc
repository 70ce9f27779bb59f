#include "vault/vault.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "vault/customer_names.h"
#include "vault/customer_template.h"
#include "vault/meeting.h"
#include "vault/note.h"
#include "util/text.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

// An unreadable folder (a synced vault's trash, another user's folder) would
// otherwise end the walk with an error and silently drop every later note.
constexpr fs::directory_options kSkipUnreadable = fs::directory_options::skip_permission_denied;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Regular files below `dir` (symlinks and hidden files and folders such as
// .dossier or .obsidian skipped; unreadable folders skipped), sorted.
std::vector<fs::path> visible_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, kSkipUnreadable, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& e = *it;
    if (e.path().filename().string().starts_with(".")) {
      if (e.is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!e.is_symlink() && e.is_regular_file()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Markdown notes directly or deeper in `folder` (not itself a symlink), sorted.
std::vector<fs::path> notes_in(const fs::path& root, const std::string& folder) {
  std::vector<fs::path> out;
  std::error_code ec;
  fs::path dir = root / folder;
  if (!fs::is_directory(fs::symlink_status(dir, ec))) return out;
  for (fs::path& p : visible_files(dir))
    if (p.extension() == ".md") out.push_back(std::move(p));
  return out;
}

std::vector<std::string> names_from(const Note& note, const char* key) {
  std::vector<std::string> out;
  for (const std::string& v : frontmatter_list(note, key))
    if (std::string n = strip_wikilink(v); !n.empty()) out.push_back(n);
  return out;
}

template <typename Fn, typename OnError>
void for_each_note(const fs::path& root, const std::string& folder, const Config& config,
                   std::vector<InputError>& errors, Fn fn, OnError on_error) {
  for (const fs::path& p : notes_in(root, folder)) {
    std::string rel = p.lexically_relative(root).generic_string();
    try {
      fn(parse_note(rel, read_file(p), ParseLimits{config.max_file_bytes}), rel, p.stem().string());
    } catch (const InputError& e) {
      errors.push_back(e);
      on_error(e, rel, p.stem().string());
    }
  }
}

bool contains_name(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return iequals(n, name); });
}

}  // namespace

VaultIndex scan_vault(const fs::path& root, const Config& config, std::vector<InputError>& errors) {
  VaultIndex vault;
  vault.root = root;
  vault.own_company = config.own_company;
  for_each_note(root, config.customers, config, errors,
                [&](const Note& note, const std::string& rel, const std::string& stem) {
                  Customer c;
                  c.name = stem;
                  c.aliases = names_from(note, "aliases");
                  c.not_when = frontmatter_list(note, "not_when");
                  c.path = rel;
                  c.status = frontmatter_string(note, "status").value_or("");
                  vault.customers.push_back(std::move(c));
                },
                [&](const InputError& e, const std::string& rel, const std::string& stem) {
                  Customer c;
                  c.name = stem;
                  c.path = rel;
                  vault.customers.push_back(std::move(c));
                  vault.broken_notes.emplace(rel, e.what());
                });
  for_each_note(root, config.people, config, errors,
                [&](const Note& note, const std::string& rel, const std::string& stem) {
                  Person p;
                  p.name = stem;
                  p.aliases = names_from(note, "aliases");
                  std::vector<std::string> company = names_from(note, "company");
                  if (!company.empty()) p.company = company.front();
                  p.path = rel;
                  vault.people.push_back(std::move(p));
                },
                [](const InputError&, const std::string&, const std::string&) {});

  auto add_org = [&](const std::string& org) {
    if (org.empty() || find_customer(vault, org) || iequals(org, config.own_company) ||
        contains_name(vault.other_organizations, org))
      return;
    vault.other_organizations.push_back(org);
  };
  index_vault(vault);
  for (const std::string& org : config.organizations) add_org(org);
  for (const Person& p : vault.people) add_org(p.company);
  return vault;
}

void add_declared_customers(VaultIndex& vault, const Config& config, const Meeting& meeting,
                            std::vector<std::string>* warnings) {
  if (!config.create_customers) return;
  for (const char* key : {"customer", "customers", "account"})
    for (const std::string& value : frontmatter_list(meeting.note, key)) {
      std::string name = strip_wikilink(value);
      if (name.empty() || find_customer(vault, name) || iequals(name, config.own_company)) continue;
      if (const Customer* near = near_customer(vault, name)) {
        // Probably a typo: a second note would split the customer's history.
        if (warnings)
          warnings->push_back(meeting.path + ":1: customer '" + name + "' is not '" + near->name +
                              "' but close to it; no note created (fix the name, or add it to " + near->path +
                              " as an alias)");
        continue;
      }
      Customer c;
      c.name = name;
      c.path = config.customers + "/" + safe_note_file_name(name);
      vault.customers.push_back(std::move(c));
      index_vault(vault);
    }
}

namespace {

template <typename T>
void index_names(const std::vector<T>& entries, std::unordered_map<std::string, size_t>& keys, size_t& indexed) {
  keys.clear();
  for (size_t i = 0; i < entries.size(); ++i) {
    keys.emplace(casefold(entries[i].name), i);  // the first note of a name wins
    for (const std::string& alias : entries[i].aliases) keys.emplace(casefold(alias), i);
  }
  indexed = entries.size();
}

// People are also found with accents folded: a transcript says "Zoe Alvarez"
// for the note "Zoë Álvarez".
void index_folded_names(const std::vector<Person>& people, std::unordered_map<std::string, size_t>& keys) {
  for (size_t i = 0; i < people.size(); ++i) {
    keys.emplace(fold_name(people[i].name), i);
    for (const std::string& alias : people[i].aliases) keys.emplace(fold_name(alias), i);
  }
}

template <typename T>
const T* find_named(const std::vector<T>& entries, const std::unordered_map<std::string, size_t>& keys,
                    size_t indexed, std::string_view name) {
  std::string key = casefold(name);
  if (auto it = keys.find(key); it != keys.end() && it->second < entries.size()) return &entries[it->second];
  for (size_t i = std::min(indexed, entries.size()); i < entries.size(); ++i)
    if (iequals(entries[i].name, name) || contains_name(entries[i].aliases, name)) return &entries[i];
  return nullptr;
}

}  // namespace

void index_vault(VaultIndex& vault) {
  index_names(vault.customers, vault.customer_keys, vault.indexed_customers);
  // "Orbital Bank Inc." finds "Orbital Bank": legal suffixes do not count.
  for (size_t i = 0; i < vault.customers.size(); ++i) {
    vault.customer_keys.emplace(company_key(vault.customers[i].name), i);
    for (const std::string& alias : vault.customers[i].aliases) vault.customer_keys.emplace(company_key(alias), i);
  }
  index_names(vault.people, vault.person_keys, vault.indexed_people);
  index_folded_names(vault.people, vault.person_keys);
}

const Customer* find_customer(const VaultIndex& vault, std::string_view name) {
  if (const Customer* c = find_named(vault.customers, vault.customer_keys, vault.indexed_customers, name)) return c;
  std::string key = company_key(name);
  if (auto it = vault.customer_keys.find(key); it != vault.customer_keys.end() && it->second < vault.customers.size())
    return &vault.customers[it->second];
  for (size_t i = std::min(vault.indexed_customers, vault.customers.size()); i < vault.customers.size(); ++i)
    if (company_key(vault.customers[i].name) == key) return &vault.customers[i];
  return nullptr;
}

const Person* find_person(const VaultIndex& vault, std::string_view name) {
  if (const Person* p = find_named(vault.people, vault.person_keys, vault.indexed_people, name)) return p;
  auto it = vault.person_keys.find(fold_name(name));
  return it != vault.person_keys.end() && it->second < vault.people.size() ? &vault.people[it->second] : nullptr;
}

void match_attendees(const VaultIndex& vault, Meeting& meeting) {
  std::vector<std::string> out;
  std::vector<std::string> seen;
  for (const std::string& name : meeting.attendees) {
    const Person* p = find_person(vault, name);
    std::string canonical = p ? p->name : name;
    std::string key = fold_name(canonical);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    out.push_back(canonical);
  }
  meeting.attendees = std::move(out);
}

namespace {

// glob_match with a memo of (pattern offset, path offset) results: plain
// backtracking is exponential in the number of stars ("*a*a*a*b" against a
// long name), which a config typo must not turn into a hang.
class GlobMatcher {
 public:
  GlobMatcher(std::string_view pattern, std::string_view path)
      : pattern_(pattern), path_(path), memo_((pattern.size() + 1) * (path.size() + 1), kUnknown) {}

  bool match(size_t i, size_t j) {
    signed char& known = memo_[i * (path_.size() + 1) + j];
    if (known == kUnknown) known = compute(i, j) ? 1 : 0;
    return known == 1;
  }

 private:
  static constexpr signed char kUnknown = -1;

  bool compute(size_t i, size_t j) {
    if (i == pattern_.size()) return j == path_.size();
    if (pattern_.substr(i).starts_with("**")) {
      size_t rest = i + 2;
      // "**/" also matches zero folders.
      if (rest < pattern_.size() && pattern_[rest] == '/' && match(rest + 1, j)) return true;
      for (size_t k = j; k <= path_.size(); ++k)
        if (match(rest, k)) return true;
      return false;
    }
    if (pattern_[i] == '*') {
      for (size_t k = j; k <= path_.size(); ++k) {
        if (match(i + 1, k)) return true;
        if (k < path_.size() && path_[k] == '/') break;
      }
      return false;
    }
    if (j == path_.size()) return false;
    bool same = pattern_[i] == '?' ? path_[j] != '/' : pattern_[i] == path_[j];
    return same && match(i + 1, j + 1);
  }

  std::string_view pattern_, path_;
  std::vector<signed char> memo_;
};

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  return GlobMatcher(pattern, path).match(0, 0);
}

std::vector<std::string> match_globs(const fs::path& root, const std::vector<std::string>& globs) {
  std::vector<std::string> out;
  for (const fs::path& p : visible_files(root)) {
    // Lexical: the walk is below root already, and fs::relative would
    // resolve symlinks (a readlink per path component).
    std::string rel = p.lexically_relative(root).generic_string();
    if (std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return glob_match(g, rel); }))
      out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

// "Customers", "./Customers/" -> "Customers/"; "" stays "" (no folder).
std::string folder_prefix(std::string_view folder) {
  std::string f = fs::path(std::string(folder)).lexically_normal().generic_string();
  if (f == "." || f.empty()) return "";
  if (f.back() != '/') f += '/';
  return f;
}

bool same_file_name(std::string_view configured, std::string_view path) {
  return !configured.empty() && fs::path(std::string(configured)).lexically_normal().generic_string() == path;
}

}  // namespace

bool is_own_file(const Config& config, std::string_view path) {
  for (const std::string& folder : {config.customers, config.people, std::string(".dossier")}) {
    std::string prefix = folder_prefix(folder);
    if (!prefix.empty() && path.starts_with(prefix)) return true;
  }
  if (path == "dossier.yaml" || same_file_name(config.template_path, path) || same_file_name(config.llm.prompt, path))
    return true;
  return std::any_of(config.rules.begin(), config.rules.end(),
                     [&](const std::string& r) { return same_file_name(r, path); });
}

std::vector<std::string> meeting_paths(const fs::path& root, const Config& config) {
  std::vector<std::string> out = match_globs(root, config.meetings);
  std::erase_if(out, [&](const std::string& p) { return is_own_file(config, p); });
  return out;
}

}  // namespace dossier
