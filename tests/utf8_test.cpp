// UTF-8 cuts and replacement (gpuprobe/utf8.hpp): every truncation in gpuprobe and every
// string from a driver goes through these.
#include "gpuprobe/utf8.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "gpuprobe/plugin_support.hpp"

using namespace gpuprobe;

namespace {

const std::string kReplacement = "\xEF\xBF\xBD";
const std::string kTwo = "\xC3\xA9";                   // é
const std::string kThree = "\xE2\x82\xAC";             // €
const std::string kFour = "\xF0\x9F\x98\x80";          // U+1F600
const std::string kLast = "\xF4\x8F\xBF\xBF";          // U+10FFFF, the highest code point
const std::string kBeforeSurrogates = "\xED\x9F\xBF";  // U+D7FF

}  // namespace

TEST(Utf8, CutInsideATwoByteCharacterEndsBeforeIt) {
  const std::string s = "a" + kTwo + "b";
  EXPECT_EQ(utf8_truncate(s, 2), "a");
  EXPECT_EQ(utf8_truncate(s, 3), "a" + kTwo);
  EXPECT_EQ(utf8_truncate(s, 1), "a");
  EXPECT_EQ(utf8_truncate(s, 0), "");
}

TEST(Utf8, CutInsideAThreeByteCharacterEndsBeforeIt) {
  const std::string s = "x" + kThree;
  EXPECT_EQ(utf8_truncate(s, 2), "x");
  EXPECT_EQ(utf8_truncate(s, 3), "x");
  EXPECT_EQ(utf8_truncate(s, 4), s);
}

TEST(Utf8, CutInsideAFourByteCharacterEndsBeforeIt) {
  const std::string s = kFour + kFour;
  for (size_t cut = 4; cut < 8; ++cut) EXPECT_EQ(utf8_truncate(s, cut), kFour) << cut;
  for (size_t cut = 0; cut < 4; ++cut) EXPECT_EQ(utf8_truncate(s, cut), "") << cut;
  EXPECT_EQ(utf8_truncate(s, 8), s);
}

TEST(Utf8, EveryCutOfMixedTextIsValidAndAPrefix) {
  const std::string s = "ab" + kTwo + kThree + "c" + kFour + kTwo + kLast + "end";
  ASSERT_TRUE(utf8_is_valid(s));
  for (size_t cut = 0; cut <= s.size() + 2; ++cut) {
    const std::string t = utf8_truncate(s, cut);
    EXPECT_TRUE(utf8_is_valid(t)) << cut;
    EXPECT_LE(t.size(), cut);
    EXPECT_EQ(s.compare(0, t.size(), t), 0) << cut;
    EXPECT_GE(t.size() + 3, std::min(cut, s.size())) << "cut lost a whole character: " << cut;
  }
}

TEST(Utf8, WellFormedTextIsUnchanged) {
  const std::string s = "plain ASCII, " + kTwo + kThree + kFour + kLast + kBeforeSurrogates +
                        std::string("\x00 nul", 5);
  EXPECT_TRUE(utf8_is_valid(s));
  EXPECT_EQ(utf8_sanitize(s), s);
}

TEST(Utf8, OverlongFormsAreReplaced) {
  // "/" as two and three bytes, NUL as two bytes, U+FFFF-range overlong in four bytes.
  EXPECT_EQ(utf8_sanitize("\xC0\xAF"), kReplacement + kReplacement);
  EXPECT_EQ(utf8_sanitize("\xC1\xBF"), kReplacement + kReplacement);
  EXPECT_EQ(utf8_sanitize("\xE0\x80\xAF"), kReplacement + kReplacement + kReplacement);
  EXPECT_EQ(utf8_sanitize("\xF0\x8F\xBF\xBF"),
            std::string(kReplacement) + kReplacement + kReplacement + kReplacement);
  EXPECT_FALSE(utf8_is_valid("\xC0\x80"));
}

TEST(Utf8, SurrogatesAndCodePointsAboveTheLastAreReplaced) {
  EXPECT_EQ(utf8_sanitize("a\xED\xA0\x80z"),
            "a" + kReplacement + kReplacement + kReplacement + "z");
  EXPECT_EQ(utf8_sanitize("\xED\xBF\xBF"), kReplacement + kReplacement + kReplacement);
  EXPECT_EQ(utf8_sanitize("\xF4\x90\x80\x80"),
            kReplacement + kReplacement + kReplacement + kReplacement);
  EXPECT_EQ(utf8_sanitize("\xF5\x80"), kReplacement + kReplacement);
  EXPECT_EQ(utf8_sanitize("\xFF\xFE"), kReplacement + kReplacement);
}

TEST(Utf8, ATruncatedSequenceIsOneReplacement) {
  // The maximal subpart rule: the start of a character cut short is one U+FFFD.
  EXPECT_EQ(utf8_sanitize("a\xE2\x82"), "a" + kReplacement);
  EXPECT_EQ(utf8_sanitize("a\xF0\x9F\x98z"), "a" + kReplacement + "z");
  EXPECT_EQ(utf8_sanitize("\xC3"), kReplacement);
  EXPECT_EQ(utf8_sanitize("\x80\x80"), kReplacement + kReplacement);  // lone continuations
}

TEST(Utf8, SanitizedTextIsAlwaysValidAndSerialises) {
  // Every byte value in every position of a short string.
  for (int a = 0; a < 256; ++a)
    for (int b = 0x70; b < 0xC8; b += 3) {
      const std::string s = {char(a), char(b), char(0xBF), 'x'};
      const std::string clean = utf8_sanitize(s);
      ASSERT_TRUE(utf8_is_valid(clean)) << a << " " << b;
      EXPECT_NO_THROW((void)nlohmann::json(clean).dump()) << a << " " << b;
    }
}

TEST(Utf8, PluginNoteIsCutBetweenCharacters) {
  gp_run_result result{};
  std::string long_note;
  while (long_note.size() < 2 * sizeof result.note) long_note += kTwo;  // 2 bytes: cut in one
  plugin::append_note(&result, "x" + long_note);
  const std::string note(result.note);
  EXPECT_LE(note.size(), sizeof result.note - 1);
  EXPECT_TRUE(utf8_is_valid(note)) << note;
  EXPECT_EQ(note, utf8_truncate("x" + long_note, sizeof result.note - 1));
  EXPECT_GE(note.size(), sizeof result.note - 3);  // nothing more than the split character lost
  // A second note on a full one keeps it valid too.
  plugin::append_note(&result, kFour + kFour);
  EXPECT_TRUE(utf8_is_valid(result.note));
}

TEST(Utf8, CopyTextTerminatesAndNeverSplitsACharacter) {
  char small[5];
  plugin::copy_text(small, sizeof small, kThree + kThree);  // 6 bytes into room for 4
  EXPECT_EQ(std::string(small), kThree);
  plugin::copy_text(small, sizeof small, "ab");
  EXPECT_EQ(std::string(small), "ab");
}

// The JSON library refuses exactly what is not UTF-8 when it serialises: an independent
// decoder to compare ours with, over every two-byte string and many random longer ones.
TEST(Utf8, AgreesWithTheJsonLibraryOnWhatIsValid) {
  auto json_accepts = [](const std::string& s) {
    try {
      (void)nlohmann::json(s).dump();
      return true;
    } catch (const nlohmann::json::exception&) {
      return false;
    }
  };
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b) {
      const std::string s = {char(a), char(b)};
      ASSERT_EQ(utf8_is_valid(s), json_accepts(s)) << a << " " << b;
    }
  uint32_t state = 12345;
  auto next_byte = [&] {
    state = state * 1664525u + 1013904223u;
    // Mostly bytes that start or continue multi-byte characters.
    return char(0x80 | ((state >> 24) & 0x7F));
  };
  for (int i = 0; i < 200000; ++i) {
    std::string s(2 + i % 5, ' ');
    for (auto& c : s) c = next_byte();
    ASSERT_EQ(utf8_is_valid(s), json_accepts(s)) << i;
    ASSERT_TRUE(json_accepts(utf8_sanitize(s))) << i;
  }
}
