#include "util/text.h"

#include <gtest/gtest.h>

#include <utf8proc.h>

#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "util/error.h"

namespace dossier {
namespace {

TEST(TextUtf8, AcceptsValidText) {
  EXPECT_FALSE(find_invalid_utf8(""));
  EXPECT_FALSE(find_invalid_utf8("plain ascii\n"));
  EXPECT_FALSE(find_invalid_utf8("Ärger — Zürich 東京 😀"));
  EXPECT_FALSE(find_invalid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
  EXPECT_FALSE(find_invalid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
}

TEST(TextUtf8, RejectsOverlongForms) {
  EXPECT_EQ(find_invalid_utf8("ab\xC0\xAF"), 2u);  // '/' in two bytes
  EXPECT_EQ(find_invalid_utf8("\xC1\xBF"), 0u);
  EXPECT_EQ(find_invalid_utf8("\xE0\x80\xAF"), 0u);      // three-byte overlong
  EXPECT_EQ(find_invalid_utf8("\xF0\x80\x80\xAF"), 0u);  // four-byte overlong
}

TEST(TextUtf8, RejectsSurrogatesAndBeyondUnicode) {
  EXPECT_EQ(find_invalid_utf8("x\xED\xA0\x80"), 1u);     // U+D800
  EXPECT_EQ(find_invalid_utf8("\xED\xBF\xBF"), 0u);      // U+DFFF
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // U+110000
  EXPECT_EQ(find_invalid_utf8("\xF5\x80\x80\x80"), 0u);
  EXPECT_EQ(find_invalid_utf8("\xFF"), 0u);
}

TEST(TextUtf8, RejectsTruncatedAndStrayBytes) {
  EXPECT_EQ(find_invalid_utf8("abc\xE2\x82"), 3u);  // "€" cut short at the end
  EXPECT_EQ(find_invalid_utf8("\xE2\x82x"), 0u);    // cut short mid-text
  EXPECT_EQ(find_invalid_utf8("ok\x80"), 2u);       // lone continuation byte
  EXPECT_EQ(find_invalid_utf8("\xF0\x9F\x98"), 0u);
}

std::string message_of(const std::string& path, std::string_view bytes, size_t max_bytes) {
  try {
    check_text_input(path, bytes, max_bytes);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(TextCheckInput, AcceptsText) { EXPECT_EQ(message_of("a.md", "hello\nworld\n", 100), ""); }

TEST(TextCheckInput, RejectsOversizeFiles) {
  EXPECT_EQ(message_of("big.md", "0123456789", 9), "big.md:1: file is 10 bytes, over the limit of 9 bytes");
  EXPECT_EQ(message_of("ok.md", "0123456789", 10), "");
}

TEST(TextCheckInput, RejectsNulOnItsLine) {
  std::string bytes = "one\ntwo\nth";
  bytes += '\0';
  bytes += "ree\n";
  EXPECT_EQ(message_of("bin.md", bytes, 1000), "bin.md:3: NUL byte: binary file?");
}

TEST(TextCheckInput, RejectsInvalidUtf8WithLineAndColumn) {
  EXPECT_EQ(message_of("latin1.md", "first\nsecond\nZ\xFCrich\n", 1000),
            "latin1.md:3: invalid UTF-8 (byte 0xFC at column 2)");
  EXPECT_EQ(message_of("start.md", "\x80", 1000), "start.md:1: invalid UTF-8 (byte 0x80 at column 1)");
}

TEST(TextCheckInput, ReportsLineThroughInputError) {
  try {
    check_text_input("p.md", "a\r\nb\r\n\xC3", 1000);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), "p.md");
    EXPECT_EQ(e.line(), 3);
  }
}

TEST(TextStrings, ExpandPlaceholdersInOnePass) {
  auto value = [](std::string_view key) -> std::optional<std::string> {
    if (key == "name") return "Jane {{role}}";
    if (key == "role") return "CTO";
    return std::nullopt;
  };
  // A value is not scanned again; an unknown or unclosed placeholder stays.
  EXPECT_EQ(expand_placeholders("{{name}} is {{role}} of {{company}} {{open", value),
            "Jane {{role}} is CTO of {{company}} {{open");
}

TEST(TextStrings, JoinBlanksEolAndHash) {
  EXPECT_EQ(join({"a", "b", "c"}, ", "), "a, b, c");
  EXPECT_EQ(join({}, ", "), "");
  EXPECT_EQ(rstrip_blanks("a \t"), "a");
  EXPECT_EQ(rstrip_blanks("a \t\r\n"), "a \t\r\n");
  EXPECT_EQ(rstrip("a. ,.", ". "), "a. ,");
  EXPECT_EQ(rstrip("...", "."), "");
  EXPECT_EQ(eol_of("a\r\n"), "\r\n");
  EXPECT_EQ(eol_of("a"), "");
  EXPECT_TRUE(is_blank(" \t\n"));
  EXPECT_TRUE(has_digit("Q3"));
  EXPECT_FALSE(has_digit("Q"));
  EXPECT_FALSE(is_blank(" x"));
  EXPECT_EQ(fnv1a(""), kFnv1aOffsetBasis);
  EXPECT_EQ(fnv1a("a"), 0xaf63dc4c8601ec8cULL);  // the published FNV-1a 64 test vector
}

TEST(TextLines, LineOfOffset) {
  EXPECT_EQ(line_of_offset("a\nb\nc", 0), 1);
  EXPECT_EQ(line_of_offset("a\nb\nc", 1), 1);  // the '\n' belongs to line 1
  EXPECT_EQ(line_of_offset("a\nb\nc", 2), 2);
  EXPECT_EQ(line_of_offset("a\nb\nc", 4), 3);
  EXPECT_EQ(line_of_offset("a\nb\nc", 99), 3);
}

TEST(TextLines, SplitKeepsEveryByte) {
  std::string text = "one\r\ntwo\n\nlast";
  auto lines = split_lines(text);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "one\r\n");
  EXPECT_EQ(lines[1], "two\n");
  EXPECT_EQ(lines[2], "\n");
  EXPECT_EQ(lines[3], "last");
  std::string joined;
  for (auto line : lines) joined += line;
  EXPECT_EQ(joined, text);
  EXPECT_TRUE(split_lines("").empty());
  EXPECT_EQ(split_lines("x\n").size(), 1u);
}

TEST(TextLines, StripEol) {
  EXPECT_EQ(strip_eol("a \t\r\n"), "a \t");
  EXPECT_EQ(strip_eol("a\n"), "a");
  EXPECT_EQ(strip_eol("a"), "a");
  EXPECT_EQ(strip_eol("a\r"), "a\r");  // a lone CR is not a line ending
}

TEST(TextLines, DetectNewline) {
  EXPECT_EQ(detect_newline("a\r\nb\n"), "\r\n");
  EXPECT_EQ(detect_newline("a\nb\r\n"), "\n");
  EXPECT_EQ(detect_newline("no newline"), "\n");
  EXPECT_EQ(detect_newline("\r\n"), "\r\n");
}

TEST(TextStrings, TrimAndCollapse) {
  EXPECT_EQ(trim(" \t a b \r\n"), "a b");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(collapse_spaces("  a \t b\n\nc  "), "a b c");
  EXPECT_EQ(collapse_spaces(""), "");
}

TEST(TextStrings, CasefoldIsUnicodeAware) {
  EXPECT_EQ(casefold("Ärger"), casefold("ärger"));
  EXPECT_EQ(casefold("STRASSE"), casefold("straße"));
  EXPECT_EQ(casefold("ＡＢＣ"), "abc");  // NFKC folds full-width letters
  EXPECT_TRUE(iequals("Zürich AG", "ZÜRICH ag"));
  EXPECT_TRUE(iequals("Cafe\xCC\x81", "CAFÉ"));  // decomposed vs composed é
  EXPECT_FALSE(iequals("Lambda", "Lambada"));
}

// What casefold gives: the whole string through utf8proc in one call.
std::string whole_string_fold(const std::string& s) {
  utf8proc_uint8_t* folded = nullptr;
  auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                                UTF8PROC_STABLE);
  utf8proc_ssize_t length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                         static_cast<utf8proc_ssize_t>(s.size()), &folded, options);
  EXPECT_GE(length, 0) << s;
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(folded, &std::free);
  return std::string(reinterpret_cast<const char*>(folded), static_cast<size_t>(length));
}

TEST(TextStrings, CasefoldFoldsOnlyTheNonAsciiSpansYetMatchesTheWholeStringFold) {
  // Pieces where span boundaries matter: combining marks after ASCII and
  // after non-ASCII letters, Hangul jamo that compose, compatibility
  // characters that become ASCII, letters that fold to several.
  const std::vector<std::string> pieces = {"a",
                                           "E",
                                           "z",
                                           " ",
                                           "-",
                                           "1",
                                           "\xCC\x81" /* U+0301 */,
                                           "\xCC\x88" /* U+0308 */,
                                           "\xCC\xA3" /* U+0323 */,
                                           "\xC3\x84",
                                           "\xC3\x9F",
                                           "\xE1\x84\x80" /* U+1100 */,
                                           "\xE1\x85\xA1" /* U+1161 */,
                                           "\xE1\x86\xA8" /* U+11A8 */,
                                           "\xEF\xAC\x81" /* fi ligature */,
                                           "\xEF\xBC\xA1" /* full-width A */,
                                           "\xE2\x9C\x85",
                                           "\xF0\x9F\x93\x85",
                                           "\xC4\xB0" /* I dot */,
                                           "\xCE\xA3",
                                           "\xE2\x84\xAB" /* Angstrom */,
                                           "\xE2\x80\x94",
                                           "K",
                                           "\xE2\x84\xAA" /* Kelvin */};
  std::mt19937 random(7);
  std::uniform_int_distribution<size_t> piece(0, pieces.size() - 1), length(0, 12);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    for (size_t n = length(random); n > 0; --n) s += pieces[piece(random)];
    ASSERT_EQ(casefold(s), whole_string_fold(s)) << s;
  }
}

TEST(TextStrings, StartsWithIcaseAscii) {
  EXPECT_TRUE(starts_with_icase("Last updated", "last"));
  EXPECT_FALSE(starts_with_icase("La", "last"));
  EXPECT_TRUE(starts_with_icase("anything", ""));
}

}  // namespace
}  // namespace dossier
