#include "vault/date.h"

#include <re2/re2.h>

#include <array>
#include <cstdio>
#include <vector>

#include "util/text.h"
#include "vault/markdown_line.h"

namespace dossier {

namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[static_cast<size_t>(m - 1)];
}

struct MonthName {
  std::string_view name;  // casefolded
  int month;
};

// Full names and the abbreviations people write, in English, German, French
// and Spanish; accents optional where people often drop them.
constexpr MonthName kMonths[] = {
    {"january", 1},    {"jan", 1},       {"januar", 1},    {"jänner", 1},     {"jän", 1},
    {"janvier", 1},    {"janv", 1},      {"enero", 1},     {"ene", 1},        {"february", 2},
    {"feb", 2},        {"februar", 2},   {"février", 2},   {"fevrier", 2},    {"févr", 2},
    {"fevr", 2},       {"febrero", 2},   {"march", 3},     {"mar", 3},        {"märz", 3},
    {"maerz", 3},      {"mär", 3},       {"mrz", 3},       {"mars", 3},       {"marzo", 3},
    {"april", 4},      {"apr", 4},       {"avril", 4},     {"avr", 4},        {"abril", 4},
    {"abr", 4},        {"may", 5},       {"mai", 5},       {"mayo", 5},       {"june", 6},
    {"jun", 6},        {"juni", 6},      {"juin", 6},      {"junio", 6},      {"july", 7},
    {"jul", 7},        {"juli", 7},      {"juillet", 7},   {"juil", 7},       {"julio", 7},
    {"august", 8},     {"aug", 8},       {"août", 8},      {"aout", 8},       {"agosto", 8},
    {"ago", 8},        {"september", 9}, {"sep", 9},       {"sept", 9},       {"septembre", 9},
    {"septiembre", 9}, {"october", 10},  {"oct", 10},      {"oktober", 10},   {"okt", 10},
    {"octobre", 10},   {"octubre", 10},  {"november", 11}, {"nov", 11},       {"novembre", 11},
    {"noviembre", 11}, {"december", 12}, {"dec", 12},      {"dezember", 12},  {"dez", 12},
    {"décembre", 12},  {"decembre", 12}, {"déc", 12},      {"diciembre", 12}, {"dic", 12},
    {"setiembre", 9},
};

std::optional<CivilDate> make(int y, int m, int d) {
  CivilDate date{y, m, d};
  if (y < 1900 || y > 2200 || !date.valid()) return std::nullopt;
  return date;
}

struct Candidate {
  size_t offset = 0;
  CivilDate date;
};

using DateReader = std::optional<CivilDate> (*)(const std::string* groups);

// Every match of `re` in `text` that `read` turns into a real date.
void collect(std::string_view text, const RE2& re, DateReader read, std::vector<Candidate>& out) {
  constexpr int kGroups = 4;
  re2::StringPiece input(text.data(), text.size());
  std::array<std::string, kGroups> groups;
  size_t pos = 0;
  int n = re.NumberOfCapturingGroups();
  std::array<re2::StringPiece, kGroups + 1> sub;
  while (pos <= text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED, sub.data(), n + 1)) {
    for (int i = 0; i < n && i < kGroups; ++i)
      groups[static_cast<size_t>(i)] =
          std::string(sub[static_cast<size_t>(i) + 1].data(), sub[static_cast<size_t>(i) + 1].size());
    size_t at = static_cast<size_t>(sub[0].data() - text.data());
    if (auto date = read(groups.data())) out.push_back({at, *date});
    pos = at + (sub[0].empty() ? 1 : sub[0].size());
  }
}

int number(const std::string& s) { return s.empty() || s.size() > 4 ? -1 : std::stoi(s); }

std::optional<CivilDate> read_ymd(const std::string* g) {
  return make(number(g[0]), number(g[1]), number(g[2]));
}
std::optional<CivilDate> read_dmy(const std::string* g) {
  return make(number(g[2]), number(g[1]), number(g[0]));
}
std::optional<CivilDate> read_month_day_year(const std::string* g) {
  int m = month_number(g[0]);
  return m ? make(number(g[2]), m, number(g[1])) : std::nullopt;
}
std::optional<CivilDate> read_day_month_year(const std::string* g) {
  int m = month_number(g[1]);
  return m ? make(number(g[2]), m, number(g[0])) : std::nullopt;
}

std::optional<CivilDate> earliest(const std::vector<Candidate>& found) {
  const Candidate* best = nullptr;
  for (const Candidate& c : found)
    if (!best || c.offset < best->offset) best = &c;
  return best ? std::optional<CivilDate>(best->date) : std::nullopt;
}

void collect_text_dates(std::string_view text, std::vector<Candidate>& found) {
  static const RE2 kIso(R"((?:^|[^\d])(\d{4})-(\d{1,2})-(\d{1,2})(?:[^\d]|$))");
  static const RE2 kDotted(R"((?:^|[^\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[^\d]|$))");
  static const RE2 kMonthFirst(
      R"((?:^|[^\p{L}])(\pL+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[^\d]|$))");
  static const RE2 kDayFirst(
      R"((?:^|[^\d])(\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(\pL+)\.?,?\s+(?:de\s+)?(\d{4})(?:[^\d]|$))");
  collect(text, kIso, read_ymd, found);
  collect(text, kDotted, read_dmy, found);
  collect(text, kMonthFirst, read_month_day_year, found);
  collect(text, kDayFirst, read_day_month_year, found);
}

}  // namespace

bool CivilDate::valid() const {
  return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

std::string CivilDate::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// Howard Hinnant's days_from_civil / civil_from_days.
long CivilDate::days() const {
  int y = year - (month <= 2 ? 1 : 0);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilDate::from_days(long days) {
  long z = days + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return CivilDate{y, m, d};
}

int CivilDate::weekday() const {
  long d = days();  // 1970-01-01 was a Thursday (3)
  return static_cast<int>(((d % 7) + 7 + 3) % 7);
}

CivilDate CivilDate::plus_days(long n) const { return from_days(days() + n); }

std::optional<CivilDate> CivilDate::from_iso(std::string_view iso) {
  if (!is_iso_date(iso)) return std::nullopt;
  auto num = [&](size_t at, size_t len) { return std::stoi(std::string(iso.substr(at, len))); };
  return make(num(0, 4), num(5, 2), num(8, 2));
}

int month_number(std::string_view word) {
  std::string w = casefold(word);
  while (!w.empty() && w.back() == '.') w.pop_back();
  for (const MonthName& m : kMonths)
    if (m.name == w) return m.month;
  return 0;
}

std::optional<CivilDate> parse_date(std::string_view text) {
  std::vector<Candidate> found;
  collect_text_dates(text, found);
  return earliest(found);
}

std::optional<CivilDate> parse_file_name_date(std::string_view file_name) {
  static const RE2 kUnderscored(R"((?:^|[^\d])(\d{4})_(\d{2})_(\d{2})(?:[^\d]|$))");
  static const RE2 kCompact(R"((?:^|[^\d])(\d{4})(\d{2})(\d{2})(?:[^\d]|$))");
  std::vector<Candidate> found;
  collect_text_dates(file_name, found);
  collect(file_name, kUnderscored, read_ymd, found);
  collect(file_name, kCompact, read_ymd, found);
  return earliest(found);
}

}  // namespace dossier
