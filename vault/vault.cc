#include "vault/vault.h"

#include <algorithm>
#include <set>

#include "util/files.h"
#include "util/text.h"
#include "vault/customer_names.h"
#include "vault/customer_template.h"
#include "vault/meeting.h"
#include "vault/note.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

// Regular files below `dir` (symlinks and hidden files and folders such as
// .dossier or .obsidian skipped), sorted. One folder is open at a time, so a
// deep tree cannot run out of file descriptors. A folder that vanished
// during the walk held nothing to miss; any other error (an unreadable
// folder, EMFILE, EIO) is a failure: the walk did not see everything.
// `skip_unreadable`: a folder that cannot be read is left out without a
// failure (the whole-vault walk for meetings: a synced vault's trash,
// another user's folder).
struct Walk {
  std::vector<fs::path> files;
  std::vector<Failure> failures;  // a folder's path, line 1
};

Walk visible_files(const fs::path& dir, bool skip_unreadable) {
  Walk walk;
  std::vector<fs::path> pending{dir};
  while (!pending.empty()) {
    fs::path folder = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    fs::directory_iterator it(folder, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const fs::directory_entry& e = *it;
      if (e.path().filename().string().starts_with(".")) continue;
      // The type readdir gave (no stat per file, which would cost more than
      // the walk in a folder of thousands of meetings); symlinks are not followed.
      std::error_code type_ec;
      if (e.is_symlink(type_ec) || type_ec) continue;  // an error: removed since it was listed
      if (e.is_directory(type_ec))
        pending.push_back(e.path());
      else if (!type_ec && e.is_regular_file(type_ec))
        walk.files.push_back(e.path());
    }
    if (ec == std::errc::permission_denied && skip_unreadable) continue;
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
      walk.failures.emplace_back(folder.string(), 1, "cannot read the folder: " + ec.message());
  }
  std::sort(walk.files.begin(), walk.files.end());
  return walk;
}

// Markdown notes directly or deeper in `folder` (not itself a symlink),
// sorted. A failure names `folder`: the notes were not all seen.
Walk notes_in(const fs::path& root, const std::string& folder) {
  Walk notes;
  std::error_code ec;
  fs::path dir = root / folder;
  fs::file_status status = fs::symlink_status(dir, ec);
  if (fs::is_symlink(status)) {
    notes.failures.emplace_back(folder, 1,
                                "the customers or people folder is a symlink, which dossier does not follow: "
                                "name the real folder in dossier.yaml");
    return notes;
  }
  if (!fs::is_directory(status)) return notes;
  Walk walk = visible_files(dir, false);
  for (fs::path& p : walk.files)
    if (p.extension() == ".md") notes.files.push_back(std::move(p));
  for (const Failure& f : walk.failures)
    notes.failures.emplace_back(
        folder, 1,
        f.path + ": " + f.message + " (notes there were not seen: no new customer notes this run)");
  return notes;
}

}  // namespace

std::optional<fs::path> conflict_copy_of(const fs::path& note, const std::set<fs::path>& present) {
  std::string stem = note.stem().string();
  auto sibling = [&](std::string_view base) -> std::optional<fs::path> {
    fs::path p = note.parent_path() / (std::string(trim(base)) + note.extension().string());
    if (p == note) return std::nullopt;
    return p;
  };
  std::string folded = casefold(stem);
  // Dropbox and Obsidian Sync: "Acme (conflicted copy 2026-01-05)", "Acme (Bob's conflicted copy ...)".
  if (size_t at = folded.find("conflicted copy"); at != std::string::npos) {
    size_t open = stem.rfind('(', at);
    return sibling(stem.substr(0, open == std::string::npos ? at : open));
  }
  // Syncthing: "Acme.sync-conflict-20260105-101112-ABCDEFG".
  if (size_t at = stem.find(".sync-conflict-"); at != std::string::npos) return sibling(stem.substr(0, at));
  // iCloud "Acme 2", Google Drive "Acme (1)", OneDrive "Acme-LAPTOP-X1Y2": a
  // conflict copy only while the original is there too.
  auto with_original = [&](std::string_view base) -> std::optional<fs::path> {
    std::optional<fs::path> p = sibling(base);
    return p && present.count(*p) ? p : std::nullopt;
  };
  size_t space = stem.find_last_of(' ');
  if (space != std::string::npos && space + 1 < stem.size() &&
      stem.find_first_not_of("0123456789", space + 1) == std::string::npos)
    if (auto p = with_original(stem.substr(0, space))) return p;
  if (stem.size() > 3 && stem.back() == ')' && (space = stem.rfind(" (")) != std::string::npos &&
      stem.find_first_not_of("0123456789", space + 2) == stem.size() - 1)
    if (auto p = with_original(stem.substr(0, space))) return p;
  for (size_t dash = stem.find('-'); dash != std::string::npos; dash = stem.find('-', dash + 1)) {
    std::string_view suffix = std::string_view(stem).substr(dash + 1);
    bool machine = !suffix.empty() && std::all_of(suffix.begin(), suffix.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (machine)
      if (auto p = with_original(stem.substr(0, dash))) return p;
  }
  return std::nullopt;
}

namespace {

// The facts of one note: remembered in `cache` (may be null) under its stat
// signature, else read and parsed; nullopt when the note was removed since
// the walk. Throws InputError.
std::optional<NoteFacts> read_facts(const fs::path& p, const std::string& rel, const Config& config,
                                    NoteFactsCache* cache) {
  // The size limit is part of the key: a note once read may be over a new one.
  std::string signature = stat_signature(p, /*settled_only=*/true);
  if (!signature.empty()) signature += ":" + std::to_string(config.max_file_bytes);
  if (cache && !signature.empty())
    if (std::optional<NoteFacts> known = cache->find(rel, signature)) return *known;
  FileRead file = read_regular_file(p, config.max_file_bytes);
  if (file.status == FileRead::missing) return std::nullopt;
  if (file.status != FileRead::ok) throw InputError(rel, 1, file.message());
  NoteFacts facts = facts_of(parse_note(rel, file.bytes, ParseLimits{config.max_file_bytes}));
  if (cache && !signature.empty()) cache->remember(rel, signature, facts);
  return facts;
}

// What one folder of notes gave besides the facts.
struct FolderScan {
  std::vector<Failure> failures;
  // False when a note could not be read or parsed, or the folder not walked:
  // the folder may hold a name the index lacks.
  bool complete = true;
};

// `fn` gets the facts of each note; `on_failure` is told of each note that
// could not be read or parsed.
template <typename Fn, typename OnFailure>
FolderScan for_each_note(const fs::path& root, const std::string& folder, const Config& config,
                         NoteFactsCache* cache, Fn fn, OnFailure on_failure) {
  FolderScan scan;
  Walk notes = notes_in(root, folder);
  scan.failures = std::move(notes.failures);
  scan.complete = scan.failures.empty();
  std::set<fs::path> present(notes.files.begin(), notes.files.end());
  for (const fs::path& p : notes.files) {
    std::string rel = p.lexically_relative(root).generic_string();
    // "Acme (history).md" beside "Acme.md": older lines of that note (pipeline/overflow.h).
    if (std::string stem = p.stem().string();
        stem.ends_with(" (history)") &&
        present.count(p.parent_path() / (stem.substr(0, stem.size() - 10) + p.extension().string())))
      continue;
    if (std::optional<fs::path> original = conflict_copy_of(p, present)) {
      // It carries the same name and aliases: it would take the items.
      scan.failures.emplace_back(
          rel, 1,
          "looks like a sync conflict copy of " + original->filename().string() +
              "; dossier leaves it alone: merge what you need into that note and delete this copy");
      continue;
    }
    try {
      if (std::optional<NoteFacts> facts = read_facts(p, rel, config, cache))
        fn(std::move(*facts), rel, p.stem().string());
    } catch (const InputError& e) {
      scan.failures.push_back(e.failure());
      on_failure(e.failure(), rel, p.stem().string());
      scan.complete = false;
    }
  }
  return scan;
}

bool contains_name(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return iequals(n, name); });
}

}  // namespace

VaultScan scan_vault(const fs::path& root, const Config& config, NoteFactsCache* cache) {
  VaultScan scan;
  VaultIndex& vault = scan.vault;
  vault.root = root;
  vault.own_company = config.own_company;
  FolderScan customers = for_each_note(
      root, config.customers_folder, config, cache,
      [&](NoteFacts facts, const std::string& rel, const std::string& stem) {
        Customer c;
        c.name = stem;
        c.aliases = std::move(facts.aliases);
        c.not_when = std::move(facts.not_when);
        c.path = rel;
        c.status = std::move(facts.status);
        vault.add_customer(std::move(c));
      },
      [&](const Failure& failure, const std::string& rel, const std::string& stem) {
        Customer c;
        c.name = stem;
        c.path = rel;
        vault.add_customer(std::move(c));
        vault.broken_notes.emplace(rel, failure);
      });
  vault.customers_complete = customers.complete;
  // A missed person note forks nothing: the people folder's completeness is not kept.
  FolderScan people = for_each_note(
      root, config.people_folder, config, cache,
      [&](NoteFacts facts, const std::string& rel, const std::string& stem) {
        Person p;
        p.name = stem;
        p.aliases = std::move(facts.aliases);
        if (!facts.company.empty()) p.company = facts.company.front();
        for (const std::string* value :
             {&facts.role, &facts.title})  // a title that repeats the name is no role
          if (std::string v = collapse_spaces(*value); p.role.empty() && !iequals(v, stem)) p.role = v;
        p.path = rel;
        vault.add_person(std::move(p));
      },
      [](const Failure&, const std::string&, const std::string&) {});
  scan.failures = std::move(customers.failures);
  scan.failures.insert(scan.failures.end(), people.failures.begin(), people.failures.end());

  auto add_org = [&](const std::string& org) {
    if (org.empty() || find_customer(vault, org) || iequals(org, config.own_company) ||
        contains_name(vault.other_organizations, org))
      return;
    vault.other_organizations.push_back(org);
  };
  for (const std::string& org : config.organizations) add_org(org);
  for (const Person& p : vault.people()) add_org(p.company);
  return scan;
}

void add_declared_customers(VaultIndex& vault, const Config& config, const Meeting& meeting,
                            std::vector<std::string>* warnings) {
  if (!config.create_customers) return;
  for (const char* key : kMeetingCustomerKeys)
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
      c.path = config.customers_folder + "/" + safe_note_file_name(name);
      vault.add_customer(std::move(c));
    }
}

namespace {

// Indexes `entry` (number `index`) under `key` of its name and of each alias.
template <typename T, typename Key>
void index_entry(const T& entry, size_t index, std::unordered_map<std::string, size_t>& keys, Key key) {
  keys.emplace(key(entry.name), index);  // the first entry of a name wins
  for (const std::string& alias : entry.aliases) keys.emplace(key(alias), index);
}

template <typename T>
const T* find_key(const std::vector<T>& entries, const std::unordered_map<std::string, size_t>& keys,
                  const std::string& key) {
  auto it = keys.find(key);
  return it == keys.end() ? nullptr : &entries[it->second];
}

}  // namespace

const Customer& VaultIndex::add_customer(Customer customer) {
  size_t index = customers_.size();
  customers_.push_back(std::move(customer));
  index_entry(customers_.back(), index, customer_names_, [](std::string_view s) { return casefold(s); });
  index_entry(customers_.back(), index, customer_companies_,
              [](std::string_view s) { return company_key(s); });
  return customers_.back();
}

const Person& VaultIndex::add_person(Person person) {
  size_t index = people_.size();
  people_.push_back(std::move(person));
  index_entry(people_.back(), index, person_names_, [](std::string_view s) { return casefold(s); });
  // A transcript says "Zoe Alvarez" for the note "Zoë Álvarez".
  index_entry(people_.back(), index, person_folded_, [](std::string_view s) { return fold_name(s); });
  return people_.back();
}

const Customer* VaultIndex::find_customer(std::string_view name) const {
  if (const Customer* c = find_key(customers_, customer_names_, casefold(name))) return c;
  return find_key(customers_, customer_companies_, company_key(name));
}

const Person* VaultIndex::find_person(std::string_view name) const {
  if (const Person* p = find_key(people_, person_names_, casefold(name))) return p;
  return find_key(people_, person_folded_, fold_name(name));
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

namespace {

fs::path checked_path_in(const fs::path& root, const std::string& folder_name, const std::string& what,
                         const std::string& relative) {
  fs::path rel(relative);
  fs::path folder = fs::path(folder_name).lexically_normal();
  if (folder.filename().empty()) folder = folder.parent_path();  // "Customers/"
  fs::path normal = rel.lexically_normal();
  auto refuse = [&](const std::string& why) -> fs::path {
    throw InputError(relative, 1, "refusing to write: " + why);
  };
  if (rel.empty() || rel.is_absolute() || rel.has_root_name() || normal.empty() || *normal.begin() == "..")
    return refuse("not a path inside the vault");
  auto [folder_end, unused] = std::mismatch(folder.begin(), folder.end(), normal.begin(), normal.end());
  if (folder_end != folder.end() || normal == folder || normal.filename().string().starts_with("."))
    return refuse("outside the " + what + " folder");
  fs::path at = root;
  for (const fs::path& part : normal) {
    at /= part;
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(at, ec)))
      return refuse(at.lexically_relative(root).generic_string() + " is a symlink");
  }
  if (!is_inside(root, at)) return refuse("outside the vault");
  return root / normal;
}

}  // namespace

fs::path checked_note_path(const fs::path& root, const Config& config, const std::string& relative) {
  return checked_path_in(root, config.customers_folder, "customers", relative);
}

fs::path checked_person_path(const fs::path& root, const Config& config, const std::string& relative) {
  return checked_path_in(root, config.people_folder, "people", relative);
}

FoundFiles match_globs(const fs::path& root, const std::vector<std::string>& globs) {
  Walk walk = visible_files(root, true);
  FoundFiles found;
  found.failures = std::move(walk.failures);
  for (const fs::path& p : walk.files) {
    // Lexical: the walk is below root already, and fs::relative would
    // resolve symlinks (a readlink per path component).
    std::string rel = p.lexically_relative(root).generic_string();
    if (std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return glob_match(g, rel); }))
      found.paths.push_back(rel);
  }
  std::sort(found.paths.begin(), found.paths.end());
  return found;
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
  for (const std::string& folder : {config.customers_folder, config.people_folder, std::string(".dossier")}) {
    std::string prefix = folder_prefix(folder);
    if (!prefix.empty() && path.starts_with(prefix)) return true;
  }
  if (path == "dossier.yaml" || same_file_name(config.template_path, path) ||
      same_file_name(config.llm.prompt, path))
    return true;
  return std::any_of(config.rules.begin(), config.rules.end(),
                     [&](const std::string& r) { return same_file_name(r, path); });
}

FoundFiles meeting_paths(const fs::path& root, const Config& config) {
  FoundFiles found = match_globs(root, config.meetings);
  std::erase_if(found.paths, [&](const std::string& p) { return is_own_file(config, p); });
  return found;
}

}  // namespace dossier
