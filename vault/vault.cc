#include "vault/vault.h"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_set>

#include "util/files.h"
#include "util/parallel.h"
#include "util/text.h"
#include "vault/customer_names.h"
#include "vault/customer_template.h"
#include "vault/meeting.h"
#include "vault/note.h"
#include "vault/vault_files.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

// A vault-relative path's folder (with its '/', or empty), stem and
// extension, as std::filesystem::path splits a file name ("a.b.md": "a.b",
// ".md").
struct PathParts {
  std::string_view folder, stem, extension;
};

PathParts path_parts(std::string_view path) {
  size_t slash = path.rfind('/');
  PathParts parts;
  parts.folder = slash == std::string_view::npos ? "" : path.substr(0, slash + 1);
  std::string_view name = path.substr(parts.folder.size());
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || name == "..") dot = name.size();
  parts.stem = name.substr(0, dot);
  parts.extension = name.substr(dot);
  return parts;
}

// Markdown notes directly or deeper in `folder` (not itself a symlink), as
// vault-relative paths in path_order. A failure names `folder`: the notes
// were not all seen.
FolderWalk notes_in(const fs::path& root, const std::string& folder) {
  FolderWalk notes;
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
  WalkOptions options;
  options.keep = [](std::string_view file) { return path_parts(file).extension == ".md"; };
  options.signatures = WalkOptions::Signatures::settled_only;
  FolderWalk walk = walk_folder(dir, options);
  // How the vault root sees `dir` ("Customers/", or "./Customers/" as configured).
  std::string probe = (dir / "x").lexically_relative(root).generic_string();
  std::string prefix = probe.substr(0, probe.size() - 1);
  for (std::string& file : walk.files) notes.files.push_back(prefix + file);
  notes.signatures = std::move(walk.signatures);
  for (const Failure& f : walk.failures)
    notes.failures.emplace_back(
        folder, 1,
        f.path + ": " + f.message + " (notes there were not seen: no new customer notes this run)");
  return notes;
}

}  // namespace

std::optional<std::string> conflict_copy_of(std::string_view note,
                                            const std::function<bool(const std::string&)>& present) {
  PathParts parts = path_parts(note);
  std::string_view stem = parts.stem;
  auto sibling = [&](std::string_view base) -> std::optional<std::string> {
    std::string p = std::string(parts.folder) + std::string(trim(base)) + std::string(parts.extension);
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
  auto with_original = [&](std::string_view base) -> std::optional<std::string> {
    std::optional<std::string> p = sibling(base);
    return p && present(*p) ? p : std::nullopt;
  };
  size_t space = stem.find_last_of(' ');
  if (space != std::string::npos && space + 1 < stem.size() &&
      stem.find_first_not_of("0123456789", space + 1) == std::string::npos)
    if (auto p = with_original(stem.substr(0, space))) return p;
  if (stem.size() > 3 && stem.back() == ')' && (space = stem.rfind(" (")) != std::string::npos &&
      stem.find_first_not_of("0123456789", space + 2) == stem.size() - 1)
    if (auto p = with_original(stem.substr(0, space))) return p;
  for (size_t dash = stem.find('-'); dash != std::string::npos; dash = stem.find('-', dash + 1)) {
    std::string_view suffix = stem.substr(dash + 1);
    bool machine = !suffix.empty() && std::all_of(suffix.begin(), suffix.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (machine)
      if (auto p = with_original(stem.substr(0, dash))) return p;
  }
  return std::nullopt;
}

namespace {

// What reading one note gave: its facts, or the failure, or neither (the
// note was removed since the walk).
struct NoteRead {
  std::optional<NoteFacts> facts;
  std::optional<Failure> failure;
  std::string signature;  // to remember the facts under; empty: not to be remembered
};

// The facts of one note: remembered in `cache` (may be null) under its stat
// signature (settled only: see stat_signature), else read and parsed.
// Called from several threads at once.
NoteRead read_facts(const fs::path& root, const std::string& rel, std::string signature, const Config& config,
                    const NoteFactsCache* cache) {
  NoteRead read;
  fs::path p = root / rel;
  // The size limit is part of the key: a note once read may be over a new one.
  if (!signature.empty()) signature += ":" + std::to_string(config.max_file_bytes);
  if (cache && !signature.empty())
    if ((read.facts = cache->find(rel, signature))) return read;
  FileRead file = read_regular_file(p, config.max_file_bytes);
  if (file.status == FileRead::missing) return read;
  try {
    if (file.status != FileRead::ok) throw InputError(rel, 1, file.message());
    read.facts = facts_of(parse_note(rel, file.bytes, ParseLimits{config.max_file_bytes}));
    read.signature = std::move(signature);
  } catch (const InputError& e) {
    read.failure = e.failure();
  }
  return read;
}

// What one folder of notes gave besides the facts.
struct FolderScan {
  std::vector<Failure> failures;
  // False when a note could not be read or parsed, or the folder not walked:
  // the folder may hold a name the index lacks.
  bool complete = true;
};

// Why a note of the folder is not indexed, before it is read: it is the
// history of another note, or a sync conflict copy (the failure).
std::optional<std::optional<Failure>> left_out(const std::string& rel,
                                               const std::vector<std::string>& notes) {
  auto present = [&](const std::string& p) {
    return std::binary_search(notes.begin(), notes.end(), p, path_order);
  };
  // "Acme (history).md" beside "Acme.md": older lines of that note (pipeline/overflow.h).
  PathParts parts = path_parts(rel);
  if (parts.stem.ends_with(" (history)") &&
      present(std::string(parts.folder) + std::string(parts.stem.substr(0, parts.stem.size() - 10)) +
              std::string(parts.extension)))
    return std::optional<Failure>();
  if (std::optional<std::string> original = conflict_copy_of(rel, present))
    // It carries the same name and aliases: it would take the items.
    return Failure(rel, 1,
                   "looks like a sync conflict copy of " +
                       original->substr(path_parts(*original).folder.size()) +
                       "; dossier leaves it alone: merge what you need into that note and delete this copy");
  return std::nullopt;
}

// `fn` gets the facts of each note; `on_failure` is told of each note that
// could not be read or parsed. The notes are read in parallel (a stat each,
// for most of them), and handed over in path order.
template <typename Fn, typename OnFailure>
FolderScan for_each_note(const fs::path& root, const std::string& folder, const Config& config,
                         NoteFactsCache* cache, Fn fn, OnFailure on_failure) {
  FolderScan scan;
  FolderWalk notes = notes_in(root, folder);
  scan.failures = std::move(notes.failures);
  scan.complete = scan.failures.empty();
  std::vector<std::optional<std::optional<Failure>>> skipped(notes.files.size());
  std::vector<NoteRead> reads(notes.files.size());
  for (size_t i = 0; i < notes.files.size(); ++i) skipped[i] = left_out(notes.files[i], notes.files);
  parallel_for(notes.files.size(), [&](size_t i) {
    if (!skipped[i])
      reads[i] = read_facts(root, notes.files[i], std::move(notes.signatures[i]), config, cache);
  });
  for (size_t i = 0; i < notes.files.size(); ++i) {
    const std::string& rel = notes.files[i];
    std::string stem(path_parts(rel).stem);
    NoteRead& read = reads[i];
    if (skipped[i]) {
      if (*skipped[i]) scan.failures.push_back(std::move(**skipped[i]));
    } else if (read.failure) {
      scan.failures.push_back(*read.failure);
      on_failure(*read.failure, rel, stem);
      scan.complete = false;
    } else if (read.facts) {
      if (cache && !read.signature.empty()) cache->remember(rel, read.signature, *read.facts);
      fn(std::move(*read.facts), rel, stem);
    }
  }
  return scan;
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

  std::unordered_set<std::string>
      known_orgs;  // case-folded: a lookup each, in a vault of thousands of people
  auto add_org = [&](const std::string& org) {
    if (org.empty() || find_customer(vault, org) || iequals(org, config.own_company) ||
        !known_orgs.insert(casefold(org)).second)
      return;
    vault.other_organizations.push_back(org);
  };
  for (const std::string& org : config.organizations) add_org(org);
  for (const Person& p : vault.people()) add_org(p.company);
  return scan;
}

std::vector<std::string> declared_customers(const Meeting& meeting) {
  std::vector<std::string> names;
  for (const char* key : kMeetingCustomerKeys)
    for (const std::string& value : frontmatter_list(meeting.note, key))
      if (std::string name = strip_wikilink(value); !name.empty()) names.push_back(std::move(name));
  return names;
}

void add_declared_customers(VaultIndex& vault, const Config& config, const std::string& meeting_path,
                            const std::vector<std::string>& declared, std::vector<std::string>* warnings) {
  if (!config.create_customers) return;
  for (const std::string& name : declared) {
    if (find_customer(vault, name) || iequals(name, config.own_company)) continue;
    if (const Customer* near = near_customer(vault, name)) {
      // Probably a typo: a second note would split the customer's history.
      if (warnings)
        warnings->push_back(meeting_path + ":1: customer '" + name + "' is not '" + near->name +
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

void add_declared_customers(VaultIndex& vault, const Config& config, const Meeting& meeting,
                            std::vector<std::string>* warnings) {
  if (config.create_customers)
    add_declared_customers(vault, config, meeting.path, declared_customers(meeting), warnings);
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
  const std::string& name = people_.back().name;
  if (size_t space = name.find(' '); space != std::string::npos) {
    auto [it, first] = person_first_names_.emplace(name.substr(0, space), index);
    if (!first) it->second = kSeveral;
  }
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

const Person* VaultIndex::person_by_first_name(std::string_view first_name) const {
  auto it = person_first_names_.find(std::string(first_name));
  return it == person_first_names_.end() || it->second == kSeveral ? nullptr : &people_[it->second];
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

}  // namespace dossier
