#include "cli/extraction_json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "extractors/rules_extractor.h"
#include "vault/meeting.h"
#include "vault/note.h"

namespace dossier {
namespace {

Meeting sync_meeting() {
  std::string path = "Meetings/2025-12-19 sync.md";
  return read_meeting(parse_note(path,
                                 "---\ndate: 2025-12-19\ntitle: Sync\nattendees: [Priya Raman]\n---\n"
                                 "- Decision: go.\n- TODO: internal thing\n"),
                      path);
}

TEST(ExtractionJson, HasTheShapeOfTheContract) {
  Meeting meeting = sync_meeting();
  VaultIndex vault;
  vault.own_company = "Northwind";
  CustomerMatcher matcher{vault};
  Extraction e = extract_rules(meeting, vault, matcher, builtin_rules());
  nlohmann::ordered_json j = extraction_to_json(meeting, e);
  EXPECT_EQ(j["meeting"]["path"], "Meetings/2025-12-19 sync.md");
  EXPECT_EQ(j["meeting"]["date"], "2025-12-19");
  EXPECT_EQ(j["meeting"]["title"], "Sync");
  EXPECT_EQ(j["meeting"]["attendees"], nlohmann::ordered_json::array({"Priya Raman"}));
  EXPECT_TRUE(j["customers"].is_array());
  EXPECT_TRUE(j["dropped"].is_array());
  ASSERT_EQ(j["items"].size(), 3u);  // summary, decision, next step
  const nlohmann::ordered_json& item = j["items"][1];
  EXPECT_EQ(item.size(), 7u);  // and "speaker", "due" (added keys)
  EXPECT_EQ(item["kind"], "decision");
  EXPECT_EQ(item["text"], "Go.");
  EXPECT_TRUE(item["customer"].is_null());
  EXPECT_EQ(item["line"], 6);
  EXPECT_EQ(item["extractor"], "rules");
  EXPECT_TRUE(item.contains("speaker"));
  EXPECT_TRUE(item.contains("due"));
}

TEST(ExtractionJson, SharedItemListsEveryCustomerAndKeysKeepTheirOrder) {
  Extraction e;
  Item item;
  item.kind = ItemKind::decision;
  item.text = "Go.";
  item.line = 6;
  item.speaker = "Maya";
  item.due = "2025-12-24";
  assign_customers(item, {"Acme", "Beta"});
  e.items.push_back(item);
  e.dropped.push_back({"Thanks all", 7, "pleasantry"});
  nlohmann::ordered_json j = extraction_to_json(sync_meeting(), e);
  EXPECT_EQ(j["items"][0].dump(),
            R"({"kind":"decision","text":"Go.","customer":"Acme","line":6,"extractor":"rules",)"
            R"("speaker":"Maya","due":"2025-12-24","customers":["Acme","Beta"]})");
  EXPECT_EQ(j["dropped"].dump(), R"([{"text":"Thanks all","line":7,"reason":"pleasantry"}])");
}

}  // namespace
}  // namespace dossier
