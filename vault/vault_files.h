// Which files of the vault dossier reads: a walk of its folders (hidden
// folders and symlinks left out), the meeting globs, and the files that are
// dossier's own (customer and people notes, state, config) and never meetings.
//
// Paths are plain '/'-separated strings relative to the folder walked: the
// cron run and the post-meeting hook walk vaults of tens of thousands of
// files, where a std::filesystem::path per file (parsed into components,
// compared component by component when sorted) cost more than the walk.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace dossier {

struct Config;

// The regular files below a folder.
struct FolderWalk {
  std::vector<std::string> files;  // relative to the folder walked, '/'-separated, in path_order
  // With WalkOptions::signatures, the stat_signature of each file, taken as
  // it was listed; else empty.
  std::vector<std::string> signatures;
  std::vector<Failure> failures;  // a folder's full path, line 1, "cannot read the folder: why"
};

struct WalkOptions {
  // A folder that cannot be read for want of permission is left out
  // without a failure (the whole-vault walk for meetings: a synced vault's
  // trash, another user's folder).
  bool skip_unreadable = false;
  // Folders not descended into, relative and ending in '/' ("Customers/").
  std::vector<std::string> pruned;
  // The files listed: those for which keep(path) holds (all when empty).
  std::function<bool(std::string_view)> keep;
  // Each file's stat signature (util/files.h), taken in the folder as it is
  // read: the walk is where a vault's files are, and where a stat is cheapest.
  enum class Signatures { none, any, settled_only } signatures = Signatures::none;
};

// Regular files below `dir`, symlinks and hidden files and folders (.dossier,
// .obsidian) left out. One folder is open at a time, so a deep tree cannot
// run out of file descriptors. A folder that vanished during the walk held
// nothing to miss; any other error (an unreadable folder, EMFILE, EIO) is a
// failure: the walk did not see everything.
FolderWalk walk_folder(const std::filesystem::path& dir, const WalkOptions& options = {});

// Whether `a` sorts before `b` component by component, as
// std::filesystem::path compares them ("a/x" before "a b/x"): the order of
// a walk's files, whatever names its folders have.
bool path_order(std::string_view a, std::string_view b);

// What a walk of the vault found.
struct FoundFiles {
  std::vector<std::string> paths;       // vault-relative, sorted
  std::vector<std::string> signatures;  // of each path, when asked for (meeting_paths)
  // Each folder the walk could not read, other than for want of permission
  // (a synced vault's trash, another user's folder: left out silently):
  // the folder's path under `root`, line 1, "cannot read the folder: why".
  std::vector<Failure> failures;
};

// The files matching `globs` ("**" spans folders, "*" and "?" stay within
// one). Hidden folders (".dossier", ".obsidian") are skipped and symlinks
// are not followed.
FoundFiles match_globs(const std::filesystem::path& root, const std::vector<std::string>& globs);
bool glob_match(std::string_view pattern, std::string_view path);

// Whether a vault-relative path is one of dossier's own files rather than a
// meeting: a customer or people note, the state folder, the config, the
// template, a rule or prompt file. A glob as wide as "**/*.md" would
// otherwise feed dossier its own output, changing the notes on every run.
bool is_own_file(const Config& config, std::string_view path);

// The meeting notes of the vault: match_globs(config.meetings) without
// dossier's own files, with their stat signatures. The customers and people
// folders are not walked.
FoundFiles meeting_paths(const std::filesystem::path& root, const Config& config);

}  // namespace dossier
