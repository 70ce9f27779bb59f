#include "pipeline/people_stubs.h"

#include <map>

#include "extractors/extract_people.h"
#include "util/error.h"
#include "util/files.h"
#include "util/text.h"
#include "vault/frontmatter_edit.h"
#include "vault/guarded_write.h"
#include "vault/templates.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

// A name that can be a file name and a [[link]] as it is: Obsidian refuses
// these characters in links, and a leading dot would hide the note.
bool usable_name(std::string_view name) {
  if (name.empty() || name.size() > 100 || name.front() == '.' || name.front() == ' ' || name.back() == ' ')
    return false;
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f ||
        std::string_view("/\\:*?\"<>|[]#^").find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  return true;
}

std::string render_stub(std::string_view name, std::string_view company, std::string_view role,
                        const Meeting& meeting) {
  return expand_placeholders(*builtin_template("person.md"),
                             [&](std::string_view key) -> std::optional<std::string> {
                               if (key == "company") return yaml_scalar("[[" + std::string(company) + "]]");
                               if (key == "role") return role.empty() ? "\"\"" : yaml_scalar(role);
                               if (key == "meeting") return fs::path(meeting.path).stem().string();
                               if (key == "name") return std::string(name);
                               return std::nullopt;
                             });
}

}  // namespace

StubResult create_people_stubs(const StubRun& run, const std::vector<const Meeting*>& meetings,
                               const std::vector<MeetingExtraction>& extractions, const VaultIndex& vault,
                               JournalledWriter& writer) {
  StubResult result;
  // Folded name -> the role of the stub made for it: the stub's role wins
  // over what later meetings call the person, as it does once the stub is read.
  std::map<std::string, std::string> linked;
  for (size_t i = 0; i < extractions.size(); ++i) {
    if (extractions[i].error) continue;
    const std::vector<Item>& items = extractions[i].extraction.items;
    for (size_t k = 0; k < items.size(); ++k) {
      const Item& item = items[k];
      if (item.kind != ItemKind::contact || !item.customer || item.text.starts_with("[[")) continue;
      size_t dash = item.text.find(" - ");
      std::string name = item.text.substr(0, dash);
      std::string role = dash == std::string::npos ? "" : item.text.substr(dash + 3);
      if (!usable_name(name)) continue;
      if (!linked.count(fold_name(name)) && !person_named(vault, name)) {
        std::string relative =
            (fs::path(run.config->people_folder) / (name + ".md")).lexically_normal().generic_string();
        try {
          fs::path path = checked_person_path(run.root, *run.config, relative);
          std::error_code ec;
          if (fs::exists(fs::symlink_status(path, ec)))
            continue;  // another file of that name: not ours to touch
          std::string bytes = render_stub(name, *item.customer, role, *meetings[i]);
          // A file of that name appearing meanwhile is the user's: no stub.
          if (!run.dry_run && !writer.replace({relative, path, std::nullopt, bytes, NoteMemory{}})) continue;
          result.created.push_back(relative);
          result.people.push_back(Person{name, {}, *item.customer, relative, role});
        } catch (const InputError& e) {
          result.errors.push_back(e.failure());
          continue;
        } catch (const std::exception& e) {
          result.errors.push_back(Failure(relative, 1, e.what()));
          continue;
        }
        linked[fold_name(name)] = role;
      }
      auto it = linked.find(fold_name(name));
      if (it == linked.end()) continue;
      if (!it->second.empty()) role = it->second;
      result.links.push_back({i, k, "[[" + name + "]]" + (role.empty() ? "" : " - " + role)});
    }
  }
  return result;
}

}  // namespace dossier
