#include "base/reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace kiln::core {
namespace {

ByteReader reader(const std::vector<uint8_t>& v) { return ByteReader(v.data(), v.size()); }

TEST(ByteReader, U32Values) {
  std::vector<uint8_t> b{0xE5, 0x8E, 0x26};
  auto r = reader(b);
  auto v = r.u32();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 624485u);
  EXPECT_TRUE(r.at_end());
}

TEST(ByteReader, U32TooLong) {
  std::vector<uint8_t> b{0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  auto r = reader(b);
  auto v = r.u32();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().message, "integer representation too long");
  EXPECT_EQ(v.error().offset, 0u);
}

TEST(ByteReader, U32TooLarge) {
  std::vector<uint8_t> b{0xFF, 0xFF, 0xFF, 0xFF, 0x1F};
  auto r = reader(b);
  auto v = r.u32();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().message, "integer too large");
}

TEST(ByteReader, U32Max) {
  std::vector<uint8_t> b{0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  auto r = reader(b);
  EXPECT_EQ(*r.u32(), 0xFFFFFFFFu);
}

TEST(ByteReader, S32Negative) {
  std::vector<uint8_t> b{0x7F};
  EXPECT_EQ(*reader(b).s32(), -1);
  std::vector<uint8_t> c{0x80, 0x80, 0x80, 0x80, 0x78};
  EXPECT_EQ(*reader(c).s32(), INT32_MIN);
  std::vector<uint8_t> d{0xFF, 0xFF, 0xFF, 0xFF, 0x07};
  EXPECT_EQ(*reader(d).s32(), INT32_MAX);
}

TEST(ByteReader, S32UnusedBitsMustMatchSign) {
  std::vector<uint8_t> b{0xFF, 0xFF, 0xFF, 0xFF, 0x4F};
  auto v = reader(b).s32();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().message, "integer too large");
  std::vector<uint8_t> c{0x80, 0x80, 0x80, 0x80, 0x70};
  EXPECT_EQ(reader(c).s32().error().message, "integer too large");
}

TEST(ByteReader, S64Extremes) {
  std::vector<uint8_t> b{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
  EXPECT_EQ(*reader(b).s64(), INT64_MIN);
  std::vector<uint8_t> c{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
  EXPECT_EQ(*reader(c).s64(), INT64_MAX);
  std::vector<uint8_t> d{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
  EXPECT_EQ(reader(d).s64().error().message, "integer too large");
}

TEST(ByteReader, S33BlockTypeIndex) {
  std::vector<uint8_t> b{0x40};
  EXPECT_EQ(*reader(b).s33(), -64);
  std::vector<uint8_t> c{0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  EXPECT_EQ(*reader(c).s33(), 0xFFFFFFFFll);
}

TEST(ByteReader, Truncated) {
  std::vector<uint8_t> b{0x80, 0x80};
  auto v = reader(b).u32();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().message, "unexpected end");
  EXPECT_EQ(v.error().offset, 2u);
}

TEST(ByteReader, NameRejectsBadUtf8) {
  std::vector<uint8_t> b{0x02, 0xC0, 0x80};
  auto v = reader(b).name();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().message, "malformed UTF-8 encoding");
}

TEST(ByteReader, CountBeyondInput) {
  std::vector<uint8_t> b{0x05, 0x01, 0x02};
  auto v = reader(b).count(1);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().offset, 0u);
}

}  // namespace
}  // namespace kiln::core
