#include "vault/markdown_line.h"

#include "util/text.h"

namespace dossier {

std::optional<Fence> fence_of(std::string_view line) {
  std::string_view content = trim(strip_eol(line));
  if (content.size() < 3 || (content[0] != '`' && content[0] != '~')) return std::nullopt;
  char marker = content[0];
  size_t length = content.find_first_not_of(marker);
  if (length == std::string_view::npos) length = content.size();
  if (length < 3) return std::nullopt;
  if (marker == '`' && content.substr(length).find('`') != std::string_view::npos) return std::nullopt;
  return Fence{marker, length};
}

bool closes_fence(std::string_view line, const Fence& open) {
  std::string_view content = trim(strip_eol(line));
  if (content.size() < open.length) return false;
  return content.find_first_not_of(open.marker) == std::string_view::npos;
}

std::vector<bool> fenced_lines(const std::vector<std::string_view>& lines) {
  std::vector<bool> fenced(lines.size(), false);
  std::optional<Fence> open;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (open) {
      fenced[i] = true;
      if (closes_fence(lines[i], *open)) open.reset();
    } else if ((open = fence_of(lines[i]))) {
      fenced[i] = true;
    }
  }
  return fenced;
}

}  // namespace dossier
