// What the vault index reads of a customer or people note: a few
// frontmatter values. They are remembered between runs under the note's stat
// signature, so that the post-meeting hook in a vault of thousands of notes
// parses only the notes that changed since the last run.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dossier {

struct Note;

struct NoteFacts {
  std::vector<std::string> aliases;   // aliases:, wikilink brackets removed
  std::vector<std::string> not_when;  // not_when:
  std::vector<std::string> company;   // company:, wikilink brackets removed
  std::string status;                 // status:
  std::string role, title;            // role:, title:
};

NoteFacts facts_of(const Note& note);

// A stable text form of NoteFacts (nullopt: a value holds one of the
// separator control characters), and back (nullopt: not one of ours).
std::optional<std::string> encode_facts(const NoteFacts& facts);
std::optional<NoteFacts> decode_facts(const std::string& text);

// Where scan_vault finds and leaves facts between runs (the state store).
class NoteFactsCache {
 public:
  virtual ~NoteFactsCache() = default;
  // The facts read from `path` when its stat signature was `signature`.
  // Called from several threads at once (scan_vault reads notes in parallel).
  virtual std::optional<NoteFacts> find(const std::string& path, const std::string& signature) const = 0;
  virtual void remember(const std::string& path, const std::string& signature, const NoteFacts& facts) = 0;
};

}  // namespace dossier
