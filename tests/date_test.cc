#include "vault/date.h"

#include <gtest/gtest.h>

#include "vault/meeting.h"
#include "vault/note.h"

namespace dossier {
namespace {

std::string iso(std::string_view text) {
  auto d = parse_date(text);
  return d ? d->iso() : "";
}

TEST(Date, ReadsTheFormsPeopleWrite) {
  EXPECT_EQ(iso("2025-11-03"), "2025-11-03");
  EXPECT_EQ(iso("2025-11-03T10:00"), "2025-11-03");
  EXPECT_EQ(iso("2025-11-03 10:00"), "2025-11-03");
  EXPECT_EQ(iso("[[2025-11-03]]"), "2025-11-03");
  EXPECT_EQ(iso("Nov 3, 2025"), "2025-11-03");
  EXPECT_EQ(iso("November 3rd 2025"), "2025-11-03");
  EXPECT_EQ(iso("Mon, Nov 3, 2025 · 10:02 AM"), "2025-11-03");
  EXPECT_EQ(iso("3 November 2025"), "2025-11-03");
  EXPECT_EQ(iso("3 Nov. 2025"), "2025-11-03");
  EXPECT_EQ(iso("03.11.2025"), "2025-11-03");
  EXPECT_EQ(iso("3. März 2026"), "2026-03-03");
  EXPECT_EQ(iso("3 février 2026"), "2026-02-03");
  EXPECT_EQ(iso("3 de marzo de 2026"), "2026-03-03");
}

TEST(Date, RejectsWhatIsNoDate) {
  EXPECT_EQ(iso("2025-13-03"), "");
  EXPECT_EQ(iso("2025-02-30"), "");
  EXPECT_EQ(iso("31.02.2025"), "");
  EXPECT_EQ(iso("version 1.2.2025"), "2025-02-01");  // day first, as written
  EXPECT_EQ(iso("Q3 2025"), "");
  EXPECT_EQ(iso("12 nodes 2025"), "");
  EXPECT_EQ(iso("v10.4.20251"), "");
  EXPECT_EQ(iso(""), "");
}

TEST(Date, FileNames) {
  auto f = [](std::string_view name) {
    auto d = parse_file_name_date(name);
    return d ? d->iso() : "";
  };
  EXPECT_EQ(f("2025-11-03 Lambda sync"), "2025-11-03");
  EXPECT_EQ(f("2025_11_03 Lambda sync"), "2025-11-03");
  EXPECT_EQ(f("20251103 Lambda sync"), "2025-11-03");
  EXPECT_EQ(f("Lambda 20251103"), "2025-11-03");
  EXPECT_EQ(f("Lambda sync"), "");
  EXPECT_EQ(f("ticket 202511031"), "");
}

TEST(Date, Arithmetic) {
  CivilDate d{2025, 12, 31};
  EXPECT_EQ(d.plus_days(1).iso(), "2026-01-01");
  EXPECT_EQ(CivilDate({2024, 2, 28}).plus_days(1).iso(), "2024-02-29");
  EXPECT_EQ(CivilDate({1970, 1, 1}).days(), 0);
  EXPECT_EQ(CivilDate({2025, 11, 3}).weekday(), 0);  // a Monday
  EXPECT_EQ(CivilDate({2025, 11, 9}).weekday(), 6);
  EXPECT_EQ(CivilDate::from_iso("2025-11-03")->iso(), "2025-11-03");
  EXPECT_FALSE(CivilDate::from_iso("2025-11-3"));
}

TEST(Date, MeetingDateFromFrontmatterFileNameOrHeading) {
  auto date = [](std::string_view path, std::string_view text) {
    return read_meeting(parse_note(std::string(path), std::string(text)), std::string(path)).date;
  };
  EXPECT_EQ(date("M/x.md", "---\ncreated: 2025-11-03T10:00\n---\n# x\n"), "2025-11-03");
  EXPECT_EQ(date("M/x.md", "---\nmeeting_date: 3 November 2025\n---\n# x\n"), "2025-11-03");
  EXPECT_EQ(date("M/x.md", "---\ndate: \"[[2025-11-03]]\"\n---\n# x\n"), "2025-11-03");
  EXPECT_EQ(date("M/2025_11_03 x.md", "# x\n"), "2025-11-03");
  EXPECT_EQ(date("M/x.md", "# Sync - Nov 3, 2025\n"), "2025-11-03");
  EXPECT_EQ(date("M/2025-11-04 x.md", "---\ndate: 2025-11-03\n---\n"), "2025-11-03");
  EXPECT_EQ(date("M/x.md", "# Sync\n"), "");
}

}  // namespace
}  // namespace dossier
