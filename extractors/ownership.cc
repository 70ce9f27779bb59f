#include "extractors/ownership.h"

#include <re2/re2.h>

#include <array>
#include <cctype>
#include <chrono>
#include <vector>

#include "extractors/speech.h"
#include "util/text.h"

namespace dossier {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

std::optional<sys_days> parse_iso_day(std::string_view s) {
  if (s.size() < 10) return std::nullopt;
  int y = 0, m = 0, d = 0;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  y = std::stoi(std::string(s.substr(0, 4)));
  m = std::stoi(std::string(s.substr(5, 2)));
  d = std::stoi(std::string(s.substr(8, 2)));
  year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                     std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

std::string format_date(sys_days day) {
  year_month_day ymd{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

// Monday = 0 ... Sunday = 6.
int weekday_index(sys_days day) {
  return static_cast<int>((std::chrono::weekday{day}.iso_encoding() + 6) % 7);
}

sys_days last_of_month(sys_days day, int months_ahead = 0) {
  year_month_day ymd{day};
  auto ym = std::chrono::year_month{ymd.year(), ymd.month()} + std::chrono::months{months_ahead};
  return sys_days{std::chrono::year_month_day_last{ym.year(), std::chrono::month_day_last{ym.month()}}};
}

int number_word(const std::string& w) {
  static constexpr std::array<std::string_view, 11> kWords{"zero", "one",   "two",   "three", "four", "five",
                                                           "six",  "seven", "eight", "nine",  "ten"};
  for (size_t i = 0; i < kWords.size(); ++i)
    if (w == kWords[i]) return static_cast<int>(i);
  if (w == "a" || w == "a couple of") return w == "a" ? 1 : 2;
  if (!w.empty() && std::isdigit(static_cast<unsigned char>(w[0]))) return std::stoi(w);
  return -1;
}

std::optional<sys_days> due_from(const std::string& t, sys_days d) {
  static const RE2 kToday(
      R"(\b(?:today|tonight|this (?:morning|afternoon|evening)|end of (?:the )?day|eod)\b)");
  static const RE2 kTomorrow(R"(\btomorrow\b)");
  static const RE2 kThisWeek(R"(\b(?:end of (?:the |this )?week|eow|this week)\b)");
  static const RE2 kNextWeek(R"(\b(?:next week|end of next week)\b)");
  static const RE2 kMonth(R"(\b(?:end of (?:the |this )?month|eom|this month)\b)");
  static const RE2 kNextMonth(R"(\b(?:next month|end of next month)\b)");
  static const RE2 kQuarter(R"(\b(?:end of (?:the |this )?quarter|eoq|this quarter)\b)");
  static const RE2 kYear(R"(\b(?:end of (?:the |this )?year|eoy)\b)");
  static const RE2 kIn(
      R"(\bin (\d+|a couple of|a|one|two|three|four|five|six|seven|eight|nine|ten) (day|week)s?\b)");
  static const RE2 kWeekday(R"(\b(next )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)");
  static const RE2 kMonthDay(
      R"(\b(?:by|on|before|until|due) (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?\b)");
  if (RE2::PartialMatch(t, kToday)) return d;
  if (RE2::PartialMatch(t, kTomorrow)) return d + days{1};
  if (RE2::PartialMatch(t, kNextWeek)) return d + days{4 - weekday_index(d) + 7};
  if (RE2::PartialMatch(t, kThisWeek)) return weekday_index(d) <= 4 ? d + days{4 - weekday_index(d)} : d;
  if (RE2::PartialMatch(t, kNextMonth)) return last_of_month(d, 1);
  if (RE2::PartialMatch(t, kMonth)) return last_of_month(d);
  if (RE2::PartialMatch(t, kQuarter)) {
    unsigned m = static_cast<unsigned>(year_month_day{d}.month());
    return last_of_month(d, static_cast<int>((3 - (m - 1) % 3) - 1));
  }
  if (RE2::PartialMatch(t, kYear))
    return last_of_month(d, 12 - static_cast<int>(static_cast<unsigned>(year_month_day{d}.month())));
  std::string n, unit;
  if (RE2::PartialMatch(t, kIn, &n, &unit) && number_word(n) >= 0)
    return d + days{number_word(n) * (unit == "week" ? 7 : 1)};
  std::string next, day;
  if (RE2::PartialMatch(t, kWeekday, &next, &day)) {
    static constexpr std::array<std::string_view, 7> kDays{"monday", "tuesday",  "wednesday", "thursday",
                                                           "friday", "saturday", "sunday"};
    int want = 0;
    while (kDays[static_cast<size_t>(want)] != day) ++want;
    int ahead = (want - weekday_index(d) + 7) % 7;
    if (ahead == 0) ahead = 7;  // "on Friday" said on a Friday is next week's
    return d + days{ahead};
  }
  std::string mon, dd;
  if (RE2::PartialMatch(t, kMonthDay, &mon, &dd)) {
    static constexpr std::array<std::string_view, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                              "jul", "aug", "sep", "oct", "nov", "dec"};
    unsigned m = 1;
    while (kMonths[m - 1] != mon) ++m;
    year_month_day base{d};
    year_month_day ymd{base.year(), std::chrono::month{m},
                       std::chrono::day{static_cast<unsigned>(std::stoi(dd))}};
    if (!ymd.ok()) return std::nullopt;
    if (sys_days{ymd} < d) ymd = year_month_day{base.year() + std::chrono::years{1}, ymd.month(), ymd.day()};
    return ymd.ok() ? std::optional<sys_days>(sys_days{ymd}) : std::nullopt;
  }
  return std::nullopt;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "our CISO" -> "their CISO": the customer's words, written in the user's note.
std::string third_person(std::string_view text) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kSwap{
      {"my", "their"},    {"our", "their"},     {"me", "them"},           {"us", "them"},
      {"mine", "theirs"}, {"ours", "theirs"},   {"myself", "themselves"}, {"ourselves", "themselves"},
      {"i", "they"},      {"i'm", "they're"},   {"i'll", "they'll"},      {"i've", "they've"},
      {"we", "they"},     {"we're", "they're"}, {"we'll", "they'll"},     {"we've", "they've"}};
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && (std::isalpha(static_cast<unsigned char>(text[j])) || text[j] == '\'')) ++j;
    if (j == i) {
      out += text[i++];
      continue;
    }
    std::string word(text.substr(i, j - i));
    std::string low = lower_ascii(word);
    bool swapped = false;
    for (const auto& [from, to] : kSwap)
      if (low == from) {
        out += to;
        swapped = true;
        break;
      }
    if (!swapped) out += word;
    i = j;
  }
  return out;
}

// The rest of "I'll send ..." / "We will send ...": "send ...", or nullopt.
std::optional<std::string_view> after_commitment(std::string_view text) {
  static constexpr std::array<std::string_view, 16> kForms{
      "i'll ",     "i will ",         "i'm going to ",    "i am going to ", "i'm gonna ",
      "i can ",    "let me ",         "i need to ",       "i have to ",     "we'll ",
      "we will ",  "we're going to ", "we are going to ", "we can ",        "we need to ",
      "i'll also "};
  std::string low = lower_ascii(text.substr(0, 20));
  std::string_view best;
  for (std::string_view f : kForms)
    if (low.starts_with(f) && f.size() > best.size()) best = f;
  if (best.empty()) return std::nullopt;
  std::string_view rest = trim(text.substr(best.size()));
  if (rest.starts_with("also ")) rest.remove_prefix(5);
  return rest;
}

std::string without_final_period(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return std::string(s);
}

std::string lower_first(std::string s) {
  if (s.size() > 1 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z') && s.substr(0, 2) != "I ")
    s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

}  // namespace

std::string resolve_due_date(std::string_view text, std::string_view meeting_date) {
  std::optional<sys_days> d = parse_iso_day(meeting_date);
  if (!d) return "";
  std::optional<sys_days> due = due_from(lower_ascii(text), *d);
  return due ? format_date(*due) : "";
}

void assign_ownership(Item& item, std::string_view meeting_date, const VaultIndex& vault,
                      const CustomerMatcher& matcher) {
  if (item.kind != ItemKind::next_step) return;
  item.due = resolve_due_date(item.text, meeting_date);
  if (item.speaker.empty()) return;
  const Person* person = find_person(vault, item.speaker);
  std::string name = person ? person->name : item.speaker;
  std::string customer = attendee_customer(item.speaker, vault, matcher);
  std::optional<std::string_view> rest = after_commitment(item.text);
  if (!customer.empty()) {
    item.theirs = true;
    std::string what = rest ? std::string(*rest) : lower_first(item.text);
    item.text = name + " (" + customer + "): " + without_final_period(third_person(what));
  } else if (rest) {
    item.text = name + ": " + without_final_period(*rest);
  } else {
    return;
  }
  item.text = cap_spoken_length(item.text);
}

}  // namespace dossier
