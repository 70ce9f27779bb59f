#include "vault/note_facts.h"

#include "vault/meeting.h"
#include "vault/note.h"

namespace dossier {
namespace {

// Separators that never occur in frontmatter text dossier keeps (control
// characters are not valid in YAML plain scalars, and names are trimmed).
constexpr char kField = '\x1f';
constexpr char kItem = '\x1e';
constexpr std::string_view kVersion = "facts1";

std::vector<std::string> linked_names(const Note& note, const char* key) {
  std::vector<std::string> out;
  for (const std::string& v : frontmatter_list(note, key))
    if (std::string n = strip_wikilink(v); !n.empty()) out.push_back(n);
  return out;
}

void put_list(std::string& out, const std::vector<std::string>& list) {
  for (size_t i = 0; i < list.size(); ++i) out += (i ? std::string(1, kItem) : "") + list[i];
  out += kField;
}

// Every piece between separators, empty ones included.
std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  for (size_t start = 0;;) {
    size_t end = text.find(sep, start);
    out.emplace_back(
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// A list as put_list wrote it: nothing at all is the empty list.
std::vector<std::string> split_list(std::string_view text) {
  return text.empty() ? std::vector<std::string>{} : split(text, kItem);
}

}  // namespace

NoteFacts facts_of(const Note& note) {
  NoteFacts f;
  f.aliases = linked_names(note, "aliases");
  f.not_when = frontmatter_list(note, "not_when");
  f.company = linked_names(note, "company");
  f.status = frontmatter_string(note, "status").value_or("");
  f.role = frontmatter_string(note, "role").value_or("");
  f.title = frontmatter_string(note, "title").value_or("");
  return f;
}

std::optional<std::string> encode_facts(const NoteFacts& f) {
  std::string out = std::string(kVersion) + kField;
  for (const auto* list : {&f.aliases, &f.not_when, &f.company}) put_list(out, *list);
  out += f.status + kField + f.role + kField + f.title;
  // Every separator is ours: none may come from a value.
  size_t separators = 0;
  for (char c : out) separators += c == kField || c == kItem;
  size_t expected = 1 + 3 + 2;
  for (const auto* list : {&f.aliases, &f.not_when, &f.company})
    expected += list->empty() ? 0 : list->size() - 1;
  if (separators != expected) return std::nullopt;
  return out;
}

std::optional<NoteFacts> decode_facts(const std::string& text) {
  std::vector<std::string> fields = split(text, kField);
  if (fields.size() != 7 || fields[0] != kVersion) return std::nullopt;
  NoteFacts f;
  f.aliases = split_list(fields[1]);
  f.not_when = split_list(fields[2]);
  f.company = split_list(fields[3]);
  f.status = fields[4];
  f.role = fields[5];
  f.title = fields[6];
  return f;
}

}  // namespace dossier
