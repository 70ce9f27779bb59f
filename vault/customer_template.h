// New customer notes: the template filled in, and a file name that stays in
// the customers folder whatever the customer is called.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "vault/section_edit.h"

namespace dossier {

// Fills `template_text` (templates/customer.md or the vault's own template):
// {{name}} / {{title}}, {{today}} / {{date}} / {{date:FORMAT}}, {{status}} and
// {{Status}} (capitalised). In the frontmatter, filled values are YAML-quoted
// as needed and become tag slugs (blanks -> '-') in a `tags:` list; in table
// rows '|' is escaped. Control characters and line breaks in values become
// blanks. Afterwards the frontmatter has `type: customer`, `auto_created:
// true` and the tags type/customer, needs-review, status/<status>, and the
// table row "| **Status** | ... |" shows the capitalised status, even when a
// vault template forgot them. Throws InputError ("template:line: ...") when
// the template's frontmatter is not valid YAML.
std::string render_customer_template(std::string_view template_text, const std::string& name,
                                     const std::string& today, const std::string& status = "prospect");

// A rendered template with its default section headings ("## Next Steps")
// renamed to the vault's `sections` map ("## Action Items"), so that a new
// note has one section per kind, not the template's next to the mapped one.
// A default heading whose mapped heading the template already has is left
// alone, and so is every other byte.
std::string remap_template_sections(std::string_view note_text,
                                    const std::map<std::string, std::string>& sections);

// The titles of a note's headings, in order (the template's order of sections).
std::vector<std::string> section_titles(std::string_view note_text);

// What the template tells about the notes made from it: which italic lines
// are its placeholders (plus the well-known ones of templates/placeholders.txt)
// and at which heading level each of its sections sits.
struct TemplateShape {
  Placeholders placeholders;                  // trimmed lines
  std::map<std::string, int> section_levels;  // case-folded title -> heading level
  // The level of the template's section `title`; 2 for a title it lacks.
  int level_of(std::string_view title) const;
};
TemplateShape template_shape(std::string_view template_text);

// "<name>.md" for a customer, safe to join to the customers folder: path
// separators, ':*?"<>|', the wikilink-breaking '#^[]', control characters
// and invalid UTF-8 become '-' or blanks; leading dots, trailing dots and
// blanks are dropped; Windows device names (CON, PRN, AUX, NUL, COM1-9,
// LPT1-9) get a trailing '_'; the whole name is at most 120 bytes (cut on a
// UTF-8 boundary). An empty result is "Unnamed customer.md".
std::string safe_note_file_name(std::string_view customer_name);

}  // namespace dossier
