#include "cli/extraction_json.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dossier {

nlohmann::ordered_json extraction_to_json(const Meeting& meeting, const Extraction& extraction) {
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const Item& item : extraction.items) {
    // Keys in the order of the contract, for people reading it.
    nlohmann::ordered_json entry = {
        {"kind", std::string(to_string(item.kind))},
        {"text", item.text},
        {"customer",
         item.customer ? nlohmann::ordered_json(*item.customer) : nlohmann::ordered_json(nullptr)},
        {"line", item.line},
        {"extractor", to_string(item.extractor)},
        {"speaker",
         item.speaker.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(item.speaker)},
        {"due", item.due.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(item.due)}};
    // A shared item: every customer it goes to, `customer` first.
    if (!item.also.empty()) {
      std::vector<std::string> all{*item.customer};
      all.insert(all.end(), item.also.begin(), item.also.end());
      entry["customers"] = all;
    }
    items.push_back(std::move(entry));
  }
  nlohmann::ordered_json dropped = nlohmann::ordered_json::array();
  for (const DroppedItem& d : extraction.dropped)
    dropped.push_back({{"text", d.text}, {"line", d.line}, {"reason", d.reason}});
  return {{"meeting",
           {{"path", meeting.path},
            {"date", meeting.date},
            {"title", meeting.title},
            {"attendees", meeting.attendees}}},
          {"customers", extraction.customers},
          {"items", items},
          {"dropped", dropped}};
}

}  // namespace dossier
