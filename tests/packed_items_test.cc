// pipeline/packed_items.h: a customer's items from a meeting come back from
// their bytes with every field as it was.
#include "pipeline/packed_items.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace dossier;

namespace {

// Every field set, none to its default.
MeetingItems full_items() {
  MeetingItems mi;
  Item a;
  a.kind = ItemKind::next_step;
  a.text = "Send the revised quote — by Friday";
  a.customer = "Acme GmbH";
  a.also = {"Beta Ltd", "Gamma"};
  a.line = 42;
  a.extractor = ItemSource::llm;
  a.speaker = "Dana";
  a.due = "2026-01-09";
  a.theirs = true;
  Item b;  // the defaults, and no customer
  b.kind = ItemKind::summary;
  mi.items = {a, b};
  mi.internal_attendees = {"Sam", "Ola"};
  mi.via = "Sam";
  ClosingReport done;
  done.kind = ClosingReport::Kind::resolved;
  done.line = 7;
  done.words = {"quote", "sent"};
  done.raw = {"quote", "was", "sent"};
  done.generic = true;
  done.marked = true;
  mi.reports.closing = {done, ClosingReport{}};
  mi.reports.statuses = {StatusMention{AccountStatus{"at-risk", "At risk"}, "the deal is at risk"}};
  mi.language = "de";
  mi.sole_customer = true;
  mi.revised = true;
  mi.dropped = true;
  return mi;
}

TEST(PackedItems, EveryFieldComesBack) {
  MeetingItems in = full_items();
  UnpackedItems out = unpack_meeting_items(pack_meeting_items(in, 12345));
  EXPECT_EQ(out.meeting, 12345U);
  EXPECT_EQ(out.items.meeting, nullptr);
  // Whole values compared (defaulted ==): a field added to them and not
  // packed fails here.
  EXPECT_EQ(out.items.items, in.items);
  EXPECT_EQ(out.items.internal_attendees, in.internal_attendees);
  EXPECT_EQ(out.items.via, in.via);
  EXPECT_EQ(out.items.reports.closing, in.reports.closing);
  EXPECT_EQ(out.items.reports.statuses, in.reports.statuses);
  EXPECT_EQ(out.items.language, "de");
  EXPECT_TRUE(out.items.sole_customer);
  EXPECT_TRUE(out.items.revised);
  EXPECT_TRUE(out.items.dropped);
}

TEST(PackedItems, EachFlagComesBackOnItsOwn) {
  for (int flag = 0; flag < 3; ++flag) {
    MeetingItems in;
    in.sole_customer = flag == 0;
    in.revised = flag == 1;
    in.dropped = flag == 2;
    UnpackedItems out = unpack_meeting_items(pack_meeting_items(in, 0));
    EXPECT_EQ(out.items.sole_customer, in.sole_customer);
    EXPECT_EQ(out.items.revised, in.revised);
    EXPECT_EQ(out.items.dropped, in.dropped);
  }
}

TEST(PackedItems, BytesItDidNotWriteAreRefused) {
  std::string bytes = pack_meeting_items(full_items(), 3);
  EXPECT_THROW(unpack_meeting_items(bytes.substr(0, bytes.size() / 2)), std::runtime_error);
  EXPECT_THROW(unpack_meeting_items(bytes + "x"), std::runtime_error);
}

}  // namespace
