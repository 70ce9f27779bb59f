// Calendar dates as people write them in notes, front matter and file names,
// read into ISO "YYYY-MM-DD". One small unit, so that meeting dates and due
// dates ("by Friday", "Nov 3") are read the same way everywhere.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace dossier {

struct CivilDate {
  int year = 0, month = 0, day = 0;

  bool valid() const;       // a real day of the proleptic Gregorian calendar
  std::string iso() const;  // "2025-11-03"
  long days() const;        // days since 1970-01-01
  static CivilDate from_days(long days);
  static std::optional<CivilDate> from_iso(std::string_view iso);

  // For tests:
  int weekday() const;  // 0 = Monday ... 6 = Sunday
  CivilDate plus_days(long n) const;
};

// A value that is one date, in any form a front-matter `date:` takes:
// "2025-11-03", "2025-11-03T10:00", "2025-11-03 10:00", "[[2025-11-03]]",
// "Nov 3, 2025", "November 3rd 2025", "Mon, Nov 3, 2025", "3 November 2025",
// "3 Nov 2025", "03.11.2025" (day first), "3. November 2025", and month names
// in German, French and Spanish ("3. März 2026", "3 février 2026",
// "3 de marzo de 2026"). The first date in the text wins; nullopt if none.
std::optional<CivilDate> parse_date(std::string_view text);

// A date in a file name: ISO, "2025_11_03", "20251103" (a run of exactly
// eight digits), or any form parse_date reads.
std::optional<CivilDate> parse_file_name_date(std::string_view file_name);

// 1..12 for a month name or its usual abbreviation in English, German,
// French or Spanish ("Nov", "November", "Nov.", "März", "févr", "marzo"),
// case-insensitive; 0 if none.
int month_number(std::string_view word);

}  // namespace dossier
