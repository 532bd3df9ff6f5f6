// v128 values where they cross: parameters and results beside other types (a v128 takes two
// slots of the interpreter's frame, the others one), host functions, globals, blocks,
// branches and select, with both translations (optimized and plain) reached through calls
// and tail positions.
#include "kiln/kiln.hh"

#include <gtest/gtest.h>

#include <cstring>
#include <tuple>

namespace {

using namespace kiln;

V128 lanes32(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  V128 v;
  uint32_t l[4] = {a, b, c, d};
  std::memcpy(v.bytes.data(), l, 16);
  return v;
}

Module compile(const Engine& e, const char* wat) {
  auto m = Module::compile_text(e, wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().to_string());
  return std::move(m).value_or_throw();
}

TEST(ApiSimd, MixedWidthParametersResultsAndLocals) {
  Config config;
  config.set_feature("tail-call", true);
  Engine engine(config);
  Store store(engine);
  // $mix moves values of both widths through locals, a block with parameters and results,
  // a branch and a select; the exports call it directly and as a tail call.
  Module m = compile(engine, R"((module
    (func $mix (param $a i32) (param $v v128) (param $b i64) (param $w v128)
               (result v128 i32 i64 v128)
      (local $t v128) (local $x i32)
      (local.set $x (i32.add (local.get $a) (i32.const 1)))
      (local.set $t (i32x4.add (local.get $v) (local.get $w)))
      (local.get $t) (local.get $b)
      (block $out (param v128 i64) (result v128 i32 i64 v128)
        (local.set $b)
        (local.get $x) (local.get $b)
        (select (local.get $w) (local.get $t) (local.get $a))
        (br $out)))
    (func (export "mix") (param i32 v128 i64 v128) (result v128 i32 i64 v128)
      (call $mix (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
    (func (export "mix_tail") (param i32 v128 i64 v128) (result v128 i32 i64 v128)
      (return_call $mix (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
    (func (export "count") (param $v v128) (param $n i32) (result v128)
      (local.get $v)
      (loop $l (param v128) (result v128)
        (i32x4.add (i32x4.splat (i32.const 1)))
        (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $l)))
  ))");
  Instance inst = Instance::create(store, m, Imports{}).value_or_throw();
  for (const char* name : {"mix", "mix_tail"}) {
    SCOPED_TRACE(name);
    auto f = inst.get_func(store, name)
                 ->typed<std::tuple<V128, int32_t, int64_t, V128>(int32_t, V128, int64_t, V128)>(store);
    ASSERT_TRUE(f.ok()) << f.error().message();
    auto r = f->call(store, 7, lanes32(1, 2, 3, 4), int64_t{-5}, lanes32(10, 20, 30, 40)).value_or_throw();
    EXPECT_EQ(std::get<0>(r), lanes32(11, 22, 33, 44));
    EXPECT_EQ(std::get<1>(r), 8);
    EXPECT_EQ(std::get<2>(r), -5);
    EXPECT_EQ(std::get<3>(r), lanes32(10, 20, 30, 40));
    // a == 0: select takes $t.
    r = f->call(store, 0, lanes32(1, 2, 3, 4), int64_t{6}, lanes32(10, 20, 30, 40)).value_or_throw();
    EXPECT_EQ(std::get<3>(r), lanes32(11, 22, 33, 44));
  }
  auto count = inst.get_func(store, "count")->typed<V128(V128, int32_t)>(store).value_or_throw();
  EXPECT_EQ(count.call(store, lanes32(1, 2, 3, 0xFFFFFFFF), 3).value_or_throw(), lanes32(4, 5, 6, 2));
}

TEST(ApiSimd, HostFunctionsAndGlobalsPassVectors) {
  Engine engine;
  Store store(engine);
  Module m = compile(engine, R"((module
    (import "env" "twist" (func $twist (param i32 v128 i64) (result i64 v128 i32)))
    (global $g (export "g") (mut v128) (v128.const i32x4 5 6 7 8))
    (func (export "run") (param $p v128) (result i64 v128 i32)
      (global.set $g (i32x4.mul (global.get $g) (local.get $p)))
      (call $twist (i32.const 3) (global.get $g) (i64.const 9)))))");
  Imports imports;
  imports.define("env", "twist", Func::wrap(store, [](int32_t a, V128 v, int64_t b) {
                   v.bytes[0] = static_cast<uint8_t>(v.bytes[0] + a);
                   return std::tuple<int64_t, V128, int32_t>(b * 2, v, a + 1);
                 }));
  Instance inst = Instance::create(store, m, imports).value_or_throw();
  auto run = inst.get_func(store, "run")->typed<std::tuple<int64_t, V128, int32_t>(V128)>(store).value_or_throw();
  auto r = run.call(store, lanes32(2, 3, 4, 5)).value_or_throw();
  EXPECT_EQ(std::get<0>(r), 18);
  EXPECT_EQ(std::get<1>(r), lanes32(13, 18, 28, 40));
  EXPECT_EQ(std::get<2>(r), 4);
  Val g = inst.get_global(store, "g")->get(store).value_or_throw();
  EXPECT_EQ(g.v128(), lanes32(10, 18, 28, 40));
  ASSERT_TRUE(inst.get_global(store, "g")->set(store, Val(lanes32(1, 1, 1, 1))).ok());
  r = run.call(store, lanes32(0, 1, 2, 3)).value_or_throw();
  EXPECT_EQ(std::get<1>(r), lanes32(3, 1, 2, 3));
}

}  // namespace
