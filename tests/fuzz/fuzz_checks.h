// The properties the fuzz targets check, shared with the GoogleTest that
// replays the saved crashing inputs (tests/fuzz_regression_test.cc), so that
// a regression input runs through exactly the code that once failed.
//
// Each check returns an empty string when the property holds, else what
// broke. Input errors (InputError) are fine: hostile bytes may be rejected,
// never crash or come back altered.
#pragma once
#include <string>
#include <string_view>

#include "extractors/rules_extractor.h"
#include "extractors/segment.h"
#include "util/error.h"
#include "util/text.h"
#include "vault/frontmatter_edit.h"
#include "vault/meeting.h"
#include "vault/note.h"

namespace dossier::fuzz {

// parse_note then render_note gives back the input, byte for byte.
inline std::string check_note_roundtrip(std::string_view data) {
  try {
    Note note = parse_note("fuzz.md", data);
    std::string rendered = render_note(note);
    if (rendered != data) return "render_note(parse_note(x)) != x";
    for (const Section& s : note.sections)
      if (s.first_line < 1) return "section with first_line < 1";
  } catch (const InputError&) {
  }
  return "";
}

// set_frontmatter_value on a note that parses: the result parses again, the
// key reads back, and every byte after the frontmatter is unchanged. The
// first input byte picks the key, the first line after it is the value.
inline std::string check_frontmatter_edit(std::string_view data) {
  static constexpr std::string_view kKeys[] = {"last_contact", "status", "tags", "title", "auto_created"};
  if (data.empty()) return "";
  std::string_view key = kKeys[static_cast<unsigned char>(data[0]) % std::size(kKeys)];
  data.remove_prefix(1);
  size_t eol = data.find('\n');
  std::string_view raw_value = eol == std::string_view::npos ? std::string_view{} : data.substr(0, eol);
  if (eol != std::string_view::npos) data.remove_prefix(eol + 1);
  // dossier sets values it read from notes, which are valid UTF-8 without NUL.
  if (find_invalid_utf8(raw_value) || raw_value.find('\0') != std::string_view::npos) return "";
  Note note;
  try {
    note = parse_note("fuzz.md", data);
  } catch (const InputError&) {
    return "";
  }
  size_t head = note.bom.size() + (note.frontmatter ? note.frontmatter->raw.size() : 0);
  std::string_view body = data.substr(head);
  std::string value = yaml_scalar(raw_value);
  try {
    // A value whose edit would not read back as YAML is refused: the note
    // must then be exactly as it was.
    if (!set_frontmatter_value(note, key, value))
      return render_note(note) == data ? "" : "a refused edit changed the note";
  } catch (const InputError&) {
    return "";  // e.g. a value that does not fit the frontmatter: refused, fine
  }
  std::string after = render_note(note);
  if (!after.starts_with(note.bom)) return "BOM lost";
  if (!after.ends_with(body)) return "bytes after the frontmatter changed";
  try {
    Note again = parse_note("fuzz.md", after);
    if (!again.frontmatter) return "frontmatter gone after set_frontmatter_value";
    if (render_note(again) != after) return "edited note does not round-trip";
  } catch (const InputError& e) {
    return std::string("edited note no longer parses: ") + e.what();
  }
  return "";
}

// segment_meeting (and, when `with_rules`, extract_rules) on a meeting that
// parses: no crash, and every block's lines lie inside the file. The first
// byte picks .md or .vtt.
inline std::string check_segment(std::string_view data, bool with_rules) {
  if (data.empty()) return "";
  bool vtt = data[0] & 1;
  data.remove_prefix(1);
  Meeting m;
  try {
    m = read_meeting(parse_note("fuzz.md", data),
                     vtt ? "Meetings/2025-01-02 Acme sync.vtt" : "Meetings/2025-01-02 Acme sync.md");
  } catch (const InputError&) {
    return "";
  }
  int lines = 1;
  for (char c : data) lines += c == '\n';
  for (const Block& b : segment_meeting(m)) {
    if (b.line < 1 || b.line > lines || b.end_line < b.line || b.end_line > lines)
      return "block lines out of range: " + std::to_string(b.line) + ".." + std::to_string(b.end_line);
    if (b.masked.size() != b.text.size()) return "masked text length differs from text";
  }
  if (with_rules) {
    static const RuleSet rules = builtin_rules();
    static const VaultIndex vault = [] {
      VaultIndex v;
      v.add_customer({"Acme", {"ACME Inc"}, {}, "Customers/Acme.md", "active"});
      v.add_customer({"Lambda", {}, {"function"}, "Customers/Lambda.md", "active"});
      v.add_person({"Jane Roe", {}, "Acme", "People/Jane Roe.md"});
      v.add_person({"Sam Poe", {}, "Ourco", "People/Sam Poe.md"});
      v.own_company = "Ourco";
      v.other_organizations = {"Widgets Ltd"};
      return v;
    }();
    static const CustomerMatcher matcher(vault);
    Extraction e = extract_rules(m, vault, matcher, rules);
    for (const Item& item : e.items)
      if (item.line < 0 || item.line > lines) return "item line out of range: " + std::to_string(item.line);
  }
  return "";
}

}  // namespace dossier::fuzz
