// The instruction reader on the immediates of SIMD and WebAssembly 3.0 instructions, and the
// feature column of the opcode table.
#include <gtest/gtest.h>

#include "binary/instr.h"

namespace kiln::core {
namespace {

using Bytes = std::vector<uint8_t>;

// One instruction read from `bytes`; the reader stays alive for the Instr's pointers.
struct Decoded {
  Bytes bytes;
  Features features;
  ByteReader r;
  InstrReader reader;
  Result<Instr> in;
  explicit Decoded(Bytes b, Features f = Features::all())
      : bytes(std::move(b)), features(f), r(bytes.data(), bytes.size()), reader(r, features), in(reader.read()) {}
};

TEST(InstrReader, V128Const) {
  Bytes b = {0xFD, 0x0C};
  for (uint8_t i = 0; i < 16; ++i) b.push_back(static_cast<uint8_t>(0xA0 + i));
  Decoded in_d(b);
  auto& in = in_d.in;
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->op, Opcode::V128Const);
  for (uint8_t i = 0; i < 16; ++i) EXPECT_EQ(in->v128[i], 0xA0 + i);
}

TEST(InstrReader, ShuffleAndLanes) {
  Bytes b = {0xFD, 0x0D};
  for (uint8_t i = 0; i < 16; ++i) b.push_back(static_cast<uint8_t>(31 - i));
  Decoded in_d(b);
  auto& in = in_d.in;
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->op, Opcode::I8x16Shuffle);
  EXPECT_EQ(in->v128[0], 31);
  EXPECT_EQ(in->v128[15], 16);

  Decoded ex_d(Bytes{0xFD, 0x15, 0x07});
  auto& ex = ex_d.in;
  ASSERT_TRUE(ex.ok());
  EXPECT_EQ(ex->op, Opcode::I8x16ExtractLaneS);
  EXPECT_EQ(ex->lane, 7);

  Decoded ll_d(Bytes{0xFD, 0x54, 0x00, 0x10, 0x05});  // v128.load8_lane offset=16 lane 5
  auto& ll = ll_d.in;
  ASSERT_TRUE(ll.ok());
  EXPECT_EQ(ll->op, Opcode::V128Load8Lane);
  EXPECT_EQ(ll->mem.align, 0u);
  EXPECT_EQ(ll->mem.offset, 16u);
  EXPECT_EQ(ll->lane, 5);

  Decoded relaxed_d(Bytes{0xFD, 0x80, 0x02});  // sub-opcode 0x100
  auto& relaxed = relaxed_d.in;
  ASSERT_TRUE(relaxed.ok());
  EXPECT_EQ(relaxed->op, Opcode::I8x16RelaxedSwizzle);
}

TEST(InstrReader, DisabledFeatureIsIllegal) {
  Features f;
  f.set(Feature::Simd, false);
  f.set(Feature::RelaxedSimd, false);
  Decoded in_d(Bytes{0xFD, 0x0E}, f);
  auto& in = in_d.in;
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.error().message, "illegal opcode fd 0e");
  EXPECT_EQ(in.error().kind, ErrorKind::Malformed);
  Decoded t_d(Bytes{0x08, 0x00}, f);  // throw without exception handling
  auto& t = t_d.in;
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message, "illegal opcode 08");
  f.set(Feature::Simd);
  EXPECT_TRUE(Decoded(Bytes{0xFD, 0x0E}, f).in.ok());
  EXPECT_FALSE(Decoded(Bytes{0xFD, 0x80, 0x02}, f).in.ok());  // relaxed SIMD is its own feature
}

TEST(InstrReader, TryTableCatchClauses) {
  // try_table (catch 0 1) (catch_ref 2 3) (catch_all 0) (catch_all_ref 4), empty block type
  Decoded in_d(Bytes{0x1F, 0x40, 0x04, 0x00, 0x00, 0x01, 0x01, 0x02, 0x03, 0x02, 0x00, 0x03, 0x04});
  auto& in = in_d.in;
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->op, Opcode::TryTable);
  EXPECT_EQ(in->block.kind, BlockType::Kind::Empty);
  ASSERT_NE(in->catches, nullptr);
  ASSERT_EQ(in->catches->size(), 4u);
  const auto& c = *in->catches;
  EXPECT_EQ(c[0].kind, CatchClause::Kind::Catch);
  EXPECT_EQ(c[0].tag, 0u);
  EXPECT_EQ(c[0].label, 1u);
  EXPECT_EQ(c[1].kind, CatchClause::Kind::CatchRef);
  EXPECT_EQ(c[1].tag, 2u);
  EXPECT_EQ(c[1].label, 3u);
  EXPECT_EQ(c[2].kind, CatchClause::Kind::CatchAll);
  EXPECT_EQ(c[2].label, 0u);
  EXPECT_EQ(c[3].kind, CatchClause::Kind::CatchAllRef);
  EXPECT_EQ(c[3].label, 4u);

  Decoded bad_d(Bytes{0x1F, 0x40, 0x01, 0x04, 0x00});
  auto& bad = bad_d.in;
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "malformed catch clause");
  EXPECT_EQ(bad.error().offset, 3u);
}

TEST(InstrReader, GcImmediates) {
  Decoded get_d(Bytes{0xFB, 0x02, 0x05, 0x01});  // struct.get 5 1
  auto& get = get_d.in;
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get->op, Opcode::StructGet);
  EXPECT_EQ(get->a, 5u);
  EXPECT_EQ(get->b, 1u);

  Decoded fixed_d(Bytes{0xFB, 0x08, 0x02, 0x03});  // array.new_fixed 2 3
  auto& fixed = fixed_d.in;
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->op, Opcode::ArrayNewFixed);
  EXPECT_EQ(fixed->b, 3u);

  Decoded test_d(Bytes{0xFB, 0x15, 0x6C});  // ref.test (ref null i31)
  auto& test = test_d.in;
  ASSERT_TRUE(test.ok());
  EXPECT_EQ(test->op, Opcode::RefTestNull);
  EXPECT_EQ(test->heap, HeapType::abstract(HeapKind::I31));

  Decoded cast_d(Bytes{0xFB, 0x18, 0x01, 0x02, 0x6E, 0x00});  // br_on_cast 2 anyref (ref 0)
  auto& cast = cast_d.in;
  ASSERT_TRUE(cast.ok());
  EXPECT_EQ(cast->op, Opcode::BrOnCast);
  EXPECT_EQ(cast->flags, 1);
  EXPECT_EQ(cast->a, 2u);
  EXPECT_EQ(cast->heap, HeapType::abstract(HeapKind::Any));
  EXPECT_EQ(cast->heap2, HeapType::concrete(0));

  Decoded flags_d(Bytes{0xFB, 0x18, 0x04, 0x00, 0x6E, 0x6E});
  auto& flags = flags_d.in;
  ASSERT_FALSE(flags.ok());
  EXPECT_EQ(flags.error().message, "malformed br_on_cast flags");
}

TEST(InstrReader, AtomicFenceAndCallRef) {
  Decoded fence_d(Bytes{0xFE, 0x03, 0x00});
  auto& fence = fence_d.in;
  ASSERT_TRUE(fence.ok());
  EXPECT_EQ(fence->op, Opcode::AtomicFence);
  Decoded bad_d(Bytes{0xFE, 0x03, 0x01});
  auto& bad = bad_d.in;
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "zero byte expected");

  Decoded call_d(Bytes{0x14, 0x07});
  auto& call = call_d.in;
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call->op, Opcode::CallRef);
  EXPECT_EQ(call->a, 7u);
}

TEST(OpcodeTable, FeatureColumnAndNaturalAlignment) {
  EXPECT_EQ(info(Opcode::I32Add).feature, kMvp);
  EXPECT_EQ(info(Opcode::I8x16Add).feature, Feature::Simd);
  EXPECT_EQ(info(Opcode::F32x4RelaxedMadd).feature, Feature::RelaxedSimd);
  EXPECT_EQ(info(Opcode::ReturnCallRef).feature, Feature::TailCall);
  EXPECT_EQ(info(Opcode::I64Add128).feature, Feature::WideArithmetic);
  EXPECT_EQ(natural_alignment(Opcode::I64Load32U), 2u);
  EXPECT_EQ(natural_alignment(Opcode::V128Load), 4u);
  EXPECT_EQ(natural_alignment(Opcode::V128Load8x8S), 3u);
  EXPECT_EQ(natural_alignment(Opcode::V128Load16Splat), 1u);
  EXPECT_EQ(natural_alignment(Opcode::V128Load32Zero), 2u);
  EXPECT_EQ(natural_alignment(Opcode::V128Store64Lane), 3u);
  EXPECT_EQ(natural_alignment(Opcode::I64AtomicRmw16AddU), 1u);
  EXPECT_EQ(natural_alignment(Opcode::I64AtomicRmwCmpxchg), 3u);
  EXPECT_EQ(natural_alignment(Opcode::MemoryAtomicNotify), 2u);
  EXPECT_EQ(natural_alignment(Opcode::MemoryAtomicWait64), 3u);
}

}  // namespace
}  // namespace kiln::core
