#include "pipeline/merge_plan.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "extractors/topics.h"
#include "pipeline/close_loop.h"
#include "pipeline/dedupe.h"
#include "pipeline/history.h"
#include "pipeline/merge_lines.h"
#include "pipeline/rename.h"
#include "pipeline/status.h"
#include "pipeline/supersede.h"
#include "pipeline/wording.h"
#include "util/text.h"
#include "vault/config.h"
#include "vault/frontmatter_edit.h"
#include "vault/section_edit.h"
#include "vault/templates.h"

namespace dossier::merging {

std::string topic_memory_key(std::string_view key) { return "topic:" + std::string(key); }

std::string person_memory_key(std::string_view name) { return "people:" + casefold(name); }

std::string summary_memory_key(std::string_view meeting) { return "summary:" + casefold(meeting); }

std::string source_memory_key(std::string_view meeting, std::string_view key) {
  return "from:" + casefold(meeting) + ":" + std::string(key);
}

const TemplateShape& builtin_shape() {
  static const TemplateShape shape = template_shape(*builtin_template("customer.md"));
  return shape;
}

std::vector<std::string> body_of(const Note& note, std::string_view title, const TemplateShape& shape) {
  const Section* section = find_section(note, title, shape.level_of(title));
  return section ? section_body_lines(*section) : std::vector<std::string>{};
}

std::vector<size_t> entry_lines(const std::vector<std::string>& body, const TemplateShape& shape) {
  return dossier::entry_lines(body, shape.placeholders);
}

Section& section_for_edit(Note& note, const std::string& title, const TemplateShape& shape,
                          const std::vector<std::string>& order) {
  return ensure_section(note, title, shape.level_of(title), order);
}

std::string contact_name(std::string_view line) {
  std::string_view text = strip_list_marker(line);
  if (std::optional<WikiLink> link = leading_wikilink(text)) return casefold(link->name());
  size_t end = text.size();
  for (std::string_view sep : {" (", " – ", " — ", " - ", ","}) end = std::min(end, text.find(sep));
  return casefold(collapse_spaces(text.substr(0, end)));
}

std::string topic_merge_key(std::string_view topic) {
  std::string key = topic_key(topic);
  return key.empty() ? dedupe_key(topic) : key;
}

bool contact_has_role(std::string_view text) {
  std::string_view t = trim(strip_list_marker(text));
  if (std::optional<WikiLink> link = leading_wikilink(t)) return !trim(t.substr(link->end)).empty();
  for (std::string_view sep : {" (", " – ", " — ", " - ", ","})
    if (t.find(sep) != std::string_view::npos) return true;
  return false;
}

std::string with_contact_text(std::string_view line, std::string_view text) {
  std::string_view content = strip_eol(line);
  std::optional<size_t> provenance = provenance_start(content);
  std::string out = "- " + collapse_spaces(text);
  if (provenance) out += " " + std::string(trim(content.substr(*provenance)));
  return out;
}

}  // namespace dossier::merging
