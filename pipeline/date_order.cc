#include "pipeline/date_order.h"

#include "pipeline/merge_lines.h"
#include "util/text.h"

namespace dossier {

std::string meeting_link_key(std::string_view meeting_name) {
  return casefold(trim(link_target(meeting_name)));
}

std::string date_order_key(std::string_view meeting_date) {
  std::string_view day = meeting_date.substr(0, 10);
  // '~' sorts after every digit: undated after dated.
  return is_iso_date(day) ? std::string(day) : std::string("~");
}

std::vector<std::string> line_meeting_keys(std::string_view line) {
  std::vector<std::string> keys;
  for (const std::string& link : provenance_links(line)) {
    std::vector<std::string> targets = wikilink_targets("[[" + link + "]]");
    if (!targets.empty()) keys.push_back(std::move(targets.front()));
  }
  return keys;
}

std::optional<std::string> line_order_key(std::string_view line, const MeetingDates& dates) {
  std::optional<std::string> key;
  for (const std::string& meeting : line_meeting_keys(line)) {
    auto it = dates.find(meeting);
    if (it == dates.end()) continue;
    std::string k = date_order_key(it->second);
    if (!key || k < *key) key = std::move(k);
  }
  return key;
}

std::optional<size_t> date_position(const std::vector<std::pair<size_t, std::string>>& anchors,
                                    const std::string& key) {
  for (const auto& [index, anchor_key] : anchors)
    if (anchor_key > key) return index;
  return std::nullopt;
}

}  // namespace dossier
