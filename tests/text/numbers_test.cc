#include "text/numbers.h"

#include <gtest/gtest.h>

#include <clocale>

namespace kiln::core::text {
namespace {

uint32_t f32(std::string_view s) {
  auto r = parse_f32_bits(s);
  EXPECT_TRUE(r.ok()) << s;
  return r.ok() ? *r : 0xDEADBEEF;
}
uint64_t f64(std::string_view s) {
  auto r = parse_f64_bits(s);
  EXPECT_TRUE(r.ok()) << s;
  return r.ok() ? *r : 0xDEADBEEF;
}
uint64_t int_bits(std::string_view s, int bits) {
  auto r = parse_int_bits(s, bits);
  EXPECT_TRUE(r.ok()) << s;
  return r.ok() ? *r : 0xDEADBEEF;
}
std::string int_error(std::string_view s, int bits) {
  auto r = parse_int_bits(s, bits);
  return r.ok() ? "ok" : r.error().message;
}

TEST(Numbers, Integers) {
  EXPECT_EQ(int_bits("0", 32), 0u);
  EXPECT_EQ(int_bits("1_000", 32), 1000u);
  EXPECT_EQ(int_bits("0xffffffff", 32), 0xFFFFFFFFu);
  EXPECT_EQ(int_bits("-1", 32), 0xFFFFFFFFu);
  EXPECT_EQ(int_bits("-0x80000000", 32), 0x80000000u);
  EXPECT_EQ(int_bits("+0x7fffffff", 32), 0x7FFFFFFFu);
  EXPECT_EQ(int_bits("-1", 64), 0xFFFFFFFFFFFFFFFFull);
  EXPECT_EQ(int_bits("18446744073709551615", 64), 0xFFFFFFFFFFFFFFFFull);
  EXPECT_EQ(int_bits("-9223372036854775808", 64), 0x8000000000000000ull);
  EXPECT_EQ(int_bits("-128", 8), 0x80u);
  EXPECT_EQ(int_bits("255", 8), 0xFFu);
  EXPECT_EQ(int_bits("-32768", 16), 0x8000u);
  EXPECT_EQ(int_error("4294967296", 32), "constant out of range");
  EXPECT_EQ(int_error("-0x80000001", 32), "constant out of range");
  EXPECT_EQ(int_error("+0x80000000", 32), "constant out of range");
  EXPECT_EQ(int_error("18446744073709551616", 64), "constant out of range");
  EXPECT_EQ(int_error("-9223372036854775809", 64), "constant out of range");
  EXPECT_EQ(int_error("256", 8), "constant out of range");
  EXPECT_EQ(int_error("-129", 8), "constant out of range");
}

TEST(Numbers, F32Exact) {
  EXPECT_EQ(f32("0"), 0u);
  EXPECT_EQ(f32("-0"), 0x80000000u);
  EXPECT_EQ(f32("-0.0"), 0x80000000u);
  EXPECT_EQ(f32("1.5"), 0x3FC00000u);
  EXPECT_EQ(f32("1_0.2_5"), 0x41240000u);
  EXPECT_EQ(f32("0x1p-149"), 0x00000001u);
  EXPECT_EQ(f32("0x1.fffffep127"), 0x7F7FFFFFu);
  EXPECT_EQ(f32("0x1.fffffefffffffffp127"), 0x7F7FFFFFu);
  EXPECT_EQ(f32("0x1.8"), 0x3FC00000u);
  EXPECT_EQ(f32("0x10"), 0x41800000u);
  EXPECT_EQ(f32("1e-50"), 0u);  // underflow to zero is not an error
  EXPECT_EQ(f32("inf"), 0x7F800000u);
  EXPECT_EQ(f32("-inf"), 0xFF800000u);
  EXPECT_EQ(f32("nan"), 0x7FC00000u);
  EXPECT_EQ(f32("-nan"), 0xFFC00000u);
  EXPECT_EQ(f32("nan:0x200000"), 0x7FA00000u);
  EXPECT_EQ(f32("-nan:0x1"), 0xFF800001u);
  EXPECT_EQ(f32("nan:0x7f_ffff"), 0x7FFFFFFFu);
}

TEST(Numbers, F32RoundsToNearestEven) {
  // 1 + 2^-24 is halfway between 1 and the next float: ties to even (1).
  EXPECT_EQ(f32("1.000000059604644775390625"), 0x3F800000u);
  EXPECT_EQ(f32("1.000000059604644775390625001"), 0x3F800001u);
  // 1 + 3 * 2^-24 is halfway between 1+2^-23 and 1+2^-22: ties to even (1+2^-22).
  EXPECT_EQ(f32("1.000000178813934326171875"), 0x3F800002u);
  // The same in hex, also directly (not through double).
  EXPECT_EQ(f32("0x1.000001p0"), 0x3F800000u);
  EXPECT_EQ(f32("0x1.0000010000000000001p0"), 0x3F800001u);
  EXPECT_EQ(f32("0x1.000003p0"), 0x3F800002u);
}

TEST(Numbers, F64Exact) {
  EXPECT_EQ(f64("1.5"), 0x3FF8000000000000ull);
  EXPECT_EQ(f64("-0"), 0x8000000000000000ull);
  EXPECT_EQ(f64("0x1p-1074"), 1ull);
  EXPECT_EQ(f64("0x1.fffffffffffffp1023"), 0x7FEFFFFFFFFFFFFFull);
  EXPECT_EQ(f64("1e-400"), 0ull);
  EXPECT_EQ(f64("nan"), 0x7FF8000000000000ull);
  EXPECT_EQ(f64("nan:0x4000000000000"), 0x7FF4000000000000ull);
  EXPECT_EQ(f64("-nan:0xf_ffff_ffff_ffff"), 0xFFFFFFFFFFFFFFFFull);
  EXPECT_EQ(f64("1.0000000000000001110223024625156540423631668090820312500"), 0x3FF0000000000000ull);
  EXPECT_EQ(f64("1.0000000000000001110223024625156540423631668090820312501"), 0x3FF0000000000001ull);
}

TEST(Numbers, FloatsIgnoreTheProgramLocale) {
  const char* old = std::setlocale(LC_NUMERIC, nullptr);
  std::string saved = old ? old : "C";
  if (!std::setlocale(LC_NUMERIC, "de_DE.UTF-8") && !std::setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
    GTEST_SKIP() << "no locale with a decimal comma installed";
  }
  EXPECT_EQ(f32("1.5"), 0x3FC00000u);
  EXPECT_EQ(f64("2.5"), 0x4004000000000000ull);
  std::setlocale(LC_NUMERIC, saved.c_str());
}

TEST(Numbers, FloatOutOfRange) {
  for (const char* s : {"0x1p128", "-0x1p128", "0x1.ffffffp127", "1e39", "340282356779733661637539395458142568448",
                        "nan:0x0", "nan:0x80_0000"}) {
    auto r = parse_f32_bits(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.error().message, "constant out of range") << s;
  }
  for (const char* s : {"0x1p1024", "0x1.fffffffffffff8p1023", "1e309", "nan:0x0", "nan:0x10_0000_0000_0000"}) {
    auto r = parse_f64_bits(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.error().message, "constant out of range") << s;
  }
}

}  // namespace
}  // namespace kiln::core::text
