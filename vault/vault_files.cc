#include "vault/vault_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <memory>
#include <system_error>

#include "util/files.h"
#include "util/parallel.h"
#include "vault/config.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

// What a walk collects, in the order listed: a folder's files together.
struct Listed {
  std::vector<std::string> files;
  std::vector<size_t> file_folder;   // of each file, its folder in `walked`
  std::vector<std::string> walked;   // folders listed, relative
  std::vector<std::string> folders;  // still to walk
};

// Lists one folder (`rel` below the walked one) into `listed`. The type is
// readdir's, without a stat per entry (which costs more than the walk in a
// folder of thousands of meetings), except on file systems that do not give it.
std::error_code list_folder(const fs::path& folder, const std::string& rel, const WalkOptions& options,
                            Listed& listed) {
  std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(folder.c_str()), &::closedir);
  if (!dir) return {errno, std::generic_category()};
  listed.walked.push_back(rel);
  for (;;) {
    errno = 0;
    const dirent* entry = ::readdir(dir.get());
    if (!entry) return errno ? std::error_code(errno, std::generic_category()) : std::error_code();
    std::string_view name = entry->d_name;
    if (name.starts_with(".")) continue;  // ".", "..", and hidden files and folders
    unsigned char type = entry->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(::dirfd(dir.get()), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        continue;  // removed since it was listed
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type != DT_DIR && type != DT_REG) continue;  // symlinks are not followed
    std::string path = rel.empty() ? std::string(name) : rel + "/" + std::string(name);
    if (type == DT_DIR) {
      if (std::none_of(options.pruned.begin(), options.pruned.end(),
                       [&](const std::string& p) { return (path + "/").starts_with(p); }))
        listed.folders.push_back(std::move(path));
    } else if (!options.keep || options.keep(path)) {
      listed.files.push_back(std::move(path));
      listed.file_folder.push_back(listed.walked.size() - 1);
    }
  }
}

// The stat signature of each listed file. A stat costs more than listing
// the file did: they run in parallel, in runs of up to 64 files of one
// folder, each run opening its folder once and looking up names in it (a
// third cheaper than a lookup of the whole path), so that a flat folder of
// ten thousand meetings is spread over the cores as well as a tree is.
std::vector<std::string> signatures_of(const fs::path& dir, const Listed& listed, bool settled_only) {
  constexpr size_t kRun = 64;
  std::vector<std::pair<size_t, size_t>> runs;  // [begin, end) of `files`
  for (size_t begin = 0; begin < listed.files.size();) {
    size_t end = begin + 1;
    while (end < listed.files.size() && end - begin < kRun &&
           listed.file_folder[end] == listed.file_folder[begin])
      ++end;
    runs.emplace_back(begin, end);
    begin = end;
  }
  std::vector<std::string> signatures(listed.files.size());
  parallel_for(runs.size(), [&](size_t r) {
    auto [begin, end] = runs[r];
    const std::string& folder = listed.walked[listed.file_folder[begin]];
    int fd = ::open((folder.empty() ? dir : dir / folder).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // gone since it was listed: no signature, its files are read
    for (size_t i = begin; i < end; ++i) {
      std::string_view path = listed.files[i];
      std::string name(path.substr(path.rfind('/') + 1));  // npos + 1 == 0: the whole path
      signatures[i] = stat_signature_at(fd, name.c_str(), settled_only);
    }
    ::close(fd);
  });
  return signatures;
}

// The order of `files` by `less`, as indices.
template <typename Less>
std::vector<size_t> order_of(const std::vector<std::string>& files, Less less) {
  std::vector<size_t> order(files.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return less(files[a], files[b]); });
  return order;
}

template <typename T>
std::vector<T> permuted(std::vector<T>& from, const std::vector<size_t>& order) {
  std::vector<T> out;
  out.reserve(from.size());
  if (!from.empty())
    for (size_t i : order) out.push_back(std::move(from[i]));
  return out;
}

}  // namespace

FolderWalk walk_folder(const fs::path& dir, const WalkOptions& options) {
  FolderWalk walk;
  Listed listed;
  listed.folders.emplace_back();
  while (!listed.folders.empty()) {
    std::string rel = std::move(listed.folders.back());
    listed.folders.pop_back();
    fs::path folder = rel.empty() ? dir : dir / rel;
    std::error_code ec = list_folder(folder, rel, options, listed);
    if (ec == std::errc::permission_denied && options.skip_unreadable) continue;
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
      walk.failures.emplace_back(folder.string(), 1, "cannot read the folder: " + ec.message());
  }
  std::vector<std::string> signatures;
  if (options.signatures != WalkOptions::Signatures::none)
    signatures = signatures_of(dir, listed, options.signatures == WalkOptions::Signatures::settled_only);
  std::vector<size_t> order = order_of(listed.files, path_order);
  walk.files = permuted(listed.files, order);
  walk.signatures = permuted(signatures, order);
  return walk;
}

bool path_order(std::string_view a, std::string_view b) {
  auto [at_a, at_b] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  if (at_b == b.end()) return false;  // b is a prefix of a, or equal
  if (at_a == a.end()) return true;
  // The separator sorts before every character of a name: a name that is a
  // prefix of another ("a" of "a b") sorts first, as the shorter component.
  if (*at_a == '/' || *at_b == '/') return *at_a == '/';
  return static_cast<unsigned char>(*at_a) < static_cast<unsigned char>(*at_b);
}

namespace {

// glob_match with a memo of (pattern offset, path offset) results: plain
// backtracking is exponential in the number of stars ("*a*a*a*b" against a
// long name), which a config typo must not turn into a hang. One matcher
// serves a whole walk, its memo reused from path to path.
class GlobMatcher {
 public:
  explicit GlobMatcher(std::string_view pattern) : pattern_(pattern) {}

  bool matches(std::string_view path) {
    path_ = path;
    memo_.assign((pattern_.size() + 1) * (path.size() + 1), kUnknown);
    return match(0, 0);
  }

 private:
  static constexpr signed char kUnknown = -1;

  bool match(size_t i, size_t j) {
    signed char& known = memo_[i * (path_.size() + 1) + j];
    if (known == kUnknown) known = compute(i, j) ? 1 : 0;
    return known == 1;
  }

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
  return GlobMatcher(pattern).matches(path);
}

namespace {

// The files below `root` matching one of `globs` (and options.keep, if
// set), sorted.
FoundFiles matching(const fs::path& root, const std::vector<std::string>& globs, WalkOptions options) {
  std::vector<GlobMatcher> matchers(globs.begin(), globs.end());
  options.keep = [&matchers, keep = std::move(options.keep)](std::string_view rel) {
    return std::any_of(matchers.begin(), matchers.end(), [&](GlobMatcher& m) { return m.matches(rel); }) &&
           (!keep || keep(rel));
  };  // called by the walk's one listing thread
  FolderWalk walk = walk_folder(root, options);
  FoundFiles found;
  found.failures = std::move(walk.failures);
  std::vector<size_t> order = order_of(walk.files, std::less<std::string>());
  found.paths = permuted(walk.files, order);
  found.signatures = permuted(walk.signatures, order);
  return found;
}

// "Customers", "./Customers/" -> "Customers/"; "" stays "" (no folder).
std::string folder_prefix(std::string_view folder) {
  std::string f = fs::path(std::string(folder)).lexically_normal().generic_string();
  if (f == "." || f.empty()) return "";
  if (f.back() != '/') f += '/';
  return f;
}

// Dossier's own files: every file below `folders`, and `files`.
struct OwnFiles {
  std::vector<std::string> folders;  // "Customers/"
  std::vector<std::string> files;    // vault-relative, normalised
};

OwnFiles own_files(const Config& config) {
  OwnFiles own;
  for (const std::string& folder : {config.customers_folder, config.people_folder, std::string(".dossier")})
    if (std::string prefix = folder_prefix(folder); !prefix.empty()) own.folders.push_back(std::move(prefix));
  own.files.emplace_back("dossier.yaml");
  std::vector<std::string> configured = config.rules;
  configured.push_back(config.template_path);
  configured.push_back(config.llm.prompt);
  for (const std::string& file : configured)
    if (!file.empty()) own.files.push_back(fs::path(file).lexically_normal().generic_string());
  return own;
}

bool is_own(const OwnFiles& own, std::string_view path) {
  return std::any_of(own.folders.begin(), own.folders.end(),
                     [&](const std::string& prefix) { return path.starts_with(prefix); }) ||
         std::find(own.files.begin(), own.files.end(), path) != own.files.end();
}

}  // namespace

FoundFiles match_globs(const fs::path& root, const std::vector<std::string>& globs) {
  return matching(
      root, globs,
      {.skip_unreadable = true, .pruned = {}, .keep = {}, .signatures = WalkOptions::Signatures::none});
}

bool is_own_file(const Config& config, std::string_view path) { return is_own(own_files(config), path); }

FoundFiles meeting_paths(const fs::path& root, const Config& config) {
  // Nothing in the customers and people folders is a meeting: they are not
  // walked (in a vault of thousands of people, most of the files).
  OwnFiles own = own_files(config);
  return matching(root, config.meetings,
                  {.skip_unreadable = true,
                   .pruned = own.folders,
                   .keep = [&](std::string_view rel) { return !is_own(own, rel); },
                   .signatures = WalkOptions::Signatures::any});
}

}  // namespace dossier
