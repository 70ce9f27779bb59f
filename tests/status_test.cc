#include "pipeline/status.h"

#include <gtest/gtest.h>

#include <string>

#include "pipeline/merge.h"
#include "tests/merge_test_util.h"

namespace dossier {
namespace {

using namespace merge_test;

const char kStatusNote[] = R"(---
type: customer
status: active # kept by hand
tags:
- type/customer
- status/active
---

# Northwind

## Account Status

| Field | Value |
|-------|-------|
| **Status** | Active |
| **Industry** | Logistics |

## Recent Context

)";

Meeting meeting_saying(const std::string& body, const std::string& title = "Weekly sync") {
  Meeting m = make_meeting("2026-02-03 Sync", "2026-02-03");
  m.title = title;
  m.note = parse_note(m.path, "# " + title + "\n\n" + body + "\n");
  return m;
}

std::optional<std::string> status_of(const std::string& body, const std::string& title = "Weekly sync") {
  auto s = reported_status(meeting_saying(body, title), "Northwind");
  return s ? std::optional<std::string>(s->value) : std::nullopt;
}

TEST(Status, ReportedChanges) {
  EXPECT_EQ(status_of("- Status: won", "Northwind QBR"), "won");
  EXPECT_EQ(status_of("- Northwind renewed the contract for 3 years"), "renewed");
  EXPECT_EQ(status_of("- Northwind account now at risk after the outage"), "at-risk");
  EXPECT_EQ(status_of("- rollout is on hold until Q3", "Northwind check-in"), "paused");
  EXPECT_EQ(status_of("- they churned", "Northwind exit call"), "churned");
}

TEST(Status, NearMissesReportNothing) {
  EXPECT_FALSE(status_of("- Northwind account is not at risk"));
  EXPECT_FALSE(status_of("- if we lost the deal Northwind would go elsewhere"));
  EXPECT_FALSE(status_of("- Globex renewed the contract"));  // another customer
  EXPECT_FALSE(status_of("- they churned"));                 // which customer?
  EXPECT_FALSE(status_of("- discussed status of the migration"));
}

TEST(Status, AMeetingAboutOneCustomerOnlyNeedNotNameIt) {
  Meeting m = meeting_saying("- Status: won. PO arrived Friday", "QBR");
  std::vector<StatusMention> mentions = status_mentions(m);
  EXPECT_FALSE(status_for(mentions, m, "Northwind"));
  auto sole = status_for(mentions, m, "Northwind", /*sole_customer=*/true);
  ASSERT_TRUE(sole);
  EXPECT_EQ(sole->value, "won");
}

TEST(Status, MergeUpdatesEveryPlaceSurgically) {
  NoteMemory memory;
  Meeting m = meeting_saying("- Status: won", "Northwind QBR");
  Merged out = merged(kStatusNote, {at(m)}, memory);
  std::string expected = kStatusNote;
  expected.replace(expected.find("status: active # kept by hand"), 29, "status: won # kept by hand");
  expected.replace(expected.find("- status/active"), 15, "- status/won");
  expected.replace(expected.find("| **Status** | Active |"), 23, "| **Status** | Won |");
  expected.replace(expected.find("---\n\n# Northwind"), 3, "last_contact: '2026-02-03'\n---");
  EXPECT_EQ(out.text.substr(0, out.text.find("## Recent Context")),
            expected.substr(0, expected.find("## Recent Context")));
  EXPECT_EQ(status_disagreement(parse_note("n.md", out.text)), std::nullopt);
  Merged again = merged(out.text, {at(m)}, memory);
  EXPECT_EQ(again.text, out.text);
}

TEST(Status, CheckReportsDisagreement) {
  std::string text = kStatusNote;
  text.replace(text.find("| **Status** | Active |"), 23, "| **Status** | Prospect |");
  std::optional<Failure> disagreement = status_disagreement(parse_note("n.md", text));
  ASSERT_TRUE(disagreement);
  EXPECT_EQ(disagreement->path, "n.md");
  EXPECT_EQ(disagreement->line, 1);
  EXPECT_EQ(disagreement->message,
            "status disagrees (status: active, tag: status/active, Account Status table: Prospect)");
  EXPECT_EQ(status_disagreement(parse_note("n.md", kStatusNote)), std::nullopt);
}

}  // namespace
}  // namespace dossier
