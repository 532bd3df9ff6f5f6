// FunctionCode::sources, the packed code-position -> byte-offset table of backtraces.
#include <gtest/gtest.h>

#include "interp/code.h"

namespace kiln::core::interp {
namespace {

using S = FunctionCode::Source;

TEST(Sources, RoundTripAndLookUp) {
  // Offsets may go down (a fused compare-and-branch) and make large jumps.
  std::vector<S> entries = {{0, 3}, {4, 3}, {9, 1}, {10, 70000}, {300, 69990}, {100000, 0xFFFFFFF0u}, {100001, 5}};
  FunctionCode fc;
  fc.sources = encode_sources(entries);
  std::vector<S> back = decode_sources(fc.sources);
  ASSERT_EQ(back.size(), entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(back[i].pos, entries[i].pos);
    EXPECT_EQ(back[i].offset, entries[i].offset);
  }
  EXPECT_EQ(fc.source_offset(0), 3u);
  EXPECT_EQ(fc.source_offset(3), 3u);
  EXPECT_EQ(fc.source_offset(9), 1u);
  EXPECT_EQ(fc.source_offset(299), 70000u);
  EXPECT_EQ(fc.source_offset(300), 69990u);
  EXPECT_EQ(fc.source_offset(100000), 0xFFFFFFF0u);
  EXPECT_EQ(fc.source_offset(5000000), 5u);
  // Small steps take two bytes an entry.
  EXPECT_EQ(encode_sources({{2, 1}, {6, 3}, {12, 4}}).size(), 6u);
}

TEST(Sources, EmptyTableGivesOffsetZero) {
  FunctionCode fc;
  fc.sources = encode_sources({});
  EXPECT_TRUE(fc.sources.empty());
  EXPECT_EQ(fc.source_offset(17), 0u);
  FunctionCode late;
  late.sources = encode_sources({{10, 8}});
  EXPECT_EQ(late.source_offset(9), 0u);
  EXPECT_EQ(late.source_offset(10), 8u);
}

}  // namespace
}  // namespace kiln::core::interp
