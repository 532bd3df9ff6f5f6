// The public C++ API (include/kiln/kiln.hh), used as an embedder would.
#include "kiln/kiln.hh"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <thread>

namespace {

using namespace kiln;

Module compile(const Engine& e, const char* wat) {
  auto m = Module::compile_text(e, wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().to_string());
  return std::move(m).value_or_throw();
}

TEST(Api, HostFunctionAndTypedCall) {
  Engine engine;
  Store store(engine);
  Module m = compile(engine, R"((module
    (import "env" "twice" (func $twice (param i32) (result i32)))
    (func (export "f") (param i32 i32) (result i32)
      (call $twice (i32.add (local.get 0) (local.get 1))))))");
  int calls = 0;
  Imports imports;
  imports.define("env", "twice", Func::wrap(store, [&calls](int32_t x) {
                   ++calls;
                   return x * 2;
                 }));
  Instance inst = Instance::create(store, m, imports).value_or_throw();
  auto f = inst.get_func(store, "f")->typed<int32_t(int32_t, int32_t)>(store).value_or_throw();
  EXPECT_EQ(f.call(store, 3, 4).value_or_throw(), 14);
  EXPECT_EQ(calls, 1);
  auto wrong = inst.get_func(store, "f")->typed<int64_t(int32_t, int32_t)>(store);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().message(), "function of type [i32 i32] -> [i32] viewed as [i32 i32] -> [i64]");
}

TEST(Api, MultiValueBothWays) {
  Engine engine;
  Store store(engine);
  Module m = compile(engine, R"((module
    (import "env" "split" (func $split (param i64) (result i32 i32)))
    (func (export "swap") (param i64) (result i32 i32)
      (call $split (local.get 0)))
    (func (export "three") (result f32 f64 i64) (f32.const 1.5) (f64.const -2.25) (i64.const 7))))");
  Imports imports;
  imports.define("env", "split", Func::wrap(store, [](int64_t v) {
                   return std::tuple<int32_t, int32_t>(static_cast<int32_t>(v >> 32), static_cast<int32_t>(v));
                 }));
  Instance inst = Instance::create(store, m, imports).value_or_throw();
  auto swap = inst.get_func(store, "swap")->typed<std::tuple<int32_t, int32_t>(int64_t)>(store).value_or_throw();
  EXPECT_EQ(swap.call(store, 0x100000002ll).value_or_throw(), std::make_tuple(1, 2));
  auto three = inst.get_func(store, "three")->call(store, {}).value_or_throw();
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(three[0].f32(), 1.5f);
  EXPECT_EQ(three[1].f64(), -2.25);
  EXPECT_EQ(three[2].i64(), 7);
}

TEST(Api, TrapsAreRuntimeErrorsWithTheirCode) {
  Engine engine;
  Store store(engine);
  Module m = compile(engine, R"((module
    (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))))");
  Instance inst = Instance::create(store, m, Imports()).value_or_throw();
  Func div = *inst.get_func(store, "div");
  auto r = div.call(store, {Val(int32_t{1}), Val(int32_t{0})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), Error::Kind::Runtime);
  EXPECT_EQ(r.error().message(), "integer divide by zero");
  EXPECT_EQ(r.error().trap_code(), TrapCode::IntegerDivideByZero);
  EXPECT_THROW(div.call(store, {Val(int32_t{1}), Val(int32_t{0})}).value_or_throw(), RuntimeError);
  // Wrong argument count and kinds are errors of the host, not traps.
  auto bad = div.call(store, {Val(int32_t{1})});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind(), Error::Kind::Other);
  EXPECT_EQ(bad.error().message(), "function of type [i32 i32] -> [i32] called with 1 arguments");
  auto kinds = div.call(store, {Val(int32_t{1}), Val(int64_t{2})});
  ASSERT_FALSE(kinds.ok());
  EXPECT_EQ(kinds.error().message(), "value of type i64 where i32 is expected");
}

TEST(Api, TableElementTrapsHaveTheirCodeDespiteTheIndexInTheMessage) {
  // Found by the differential runner: "uninitialized element 1" was reported as HostError.
  Engine engine;
  Store store(engine);
  Module m = compile(engine, R"((module
    (table 2 funcref)
    (func (export "call") (param i32) (call_indirect (local.get 0)))))");
  Instance inst = Instance::create(store, m, Imports()).value_or_throw();
  Func call = *inst.get_func(store, "call");
  auto null_entry = call.call(store, {Val(int32_t{1})});
  ASSERT_FALSE(null_entry.ok());
  EXPECT_EQ(null_entry.error().message(), "uninitialized element 1");
  EXPECT_EQ(null_entry.error().trap_code(), TrapCode::UninitializedElement);
  auto past_end = call.call(store, {Val(int32_t{7})});
  ASSERT_FALSE(past_end.ok());
  EXPECT_EQ(past_end.error().message(), "undefined element 7");
  EXPECT_EQ(past_end.error().trap_code(), TrapCode::UndefinedElement);
  // A host function's own message that merely starts like a trap's stays a host error.
  Func fail = Func::wrap(store, []() -> Result<void> { return Error(Error::Kind::Runtime, "unreachable code was reached"); });
  auto host = fail.call(store, {});
  ASSERT_FALSE(host.ok());
  EXPECT_EQ(host.error().trap_code(), TrapCode::HostError);
}

TEST(Api, HostErrorTrapsTheGuest) {
  Engine engine;
  Store store(engine);
  Module m = compile(engine, R"((module
    (import "env" "fail" (func $fail))
    (func (export "run") (call $fail))))");
  Imports imports;
  imports.define("env", "fail", Func::wrap(store, []() -> Result<void> { return Error(Error::Kind::Runtime, "no"); }));
  Instance inst = Instance::create(store, m, imports).value_or_throw();
  auto r = inst.get_func(store, "run")->call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "no");
  EXPECT_EQ(r.error().trap_code(), TrapCode::HostError);
}

TEST(Api, CompileAndLinkErrors) {
  Engine engine;
  Store store(engine);
  auto bad_text = Module::compile_text(engine, "(module (func (result i32) (i64.const 1)))");
  ASSERT_FALSE(bad_text.ok());
  EXPECT_EQ(bad_text.error().kind(), Error::Kind::Compile);
  EXPECT_EQ(bad_text.error().message(), "type mismatch");
  const uint8_t truncated[] = {0, 'a', 's', 'm', 1, 0};
  auto bad_bin = Module::compile(engine, truncated);
  ASSERT_FALSE(bad_bin.ok());
  EXPECT_EQ(bad_bin.error().kind(), Error::Kind::Compile);
  EXPECT_EQ(bad_bin.error().offset(), 6u);
  EXPECT_EQ(bad_bin.error().message(), "unexpected end");
  EXPECT_FALSE(Module::validate(engine, truncated).ok());
  EXPECT_THROW(Module::compile(engine, truncated).value_or_throw(), CompileError);

  Module m = compile(engine, R"((module (import "env" "f" (func (param i32)))))");
  auto missing = Instance::create(store, m, Imports());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind(), Error::Kind::Link);
  EXPECT_EQ(missing.error().message(), "unknown import \"env\" \"f\"");
  Imports wrong;
  wrong.define("env", "f", Func::wrap(store, [](int64_t) {}));
  auto mismatch = Instance::create(store, m, wrong);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().message(), "incompatible import type");
  EXPECT_THROW(Instance::create(store, m, wrong).value_or_throw(), LinkError);
}

TEST(Api, MemoryViewAndGrowth) {
  Engine engine;
  Store store(engine);
  Module m = compile(engine, R"((module
    (memory (export "mem") 1 3)
    (data (i32.const 8) "kiln")
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))))");
  Instance inst = Instance::create(store, m, Imports()).value_or_throw();
  Memory mem = *inst.get_memory(store, "mem");
  EXPECT_EQ(mem.size_pages(store), 1u);
  std::span<uint8_t> bytes = mem.data(store);
  ASSERT_EQ(bytes.size(), 65536u);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(bytes.data() + 8), 4), "kiln");
  bytes[100] = 42;
  EXPECT_EQ(inst.get_func(store, "load")->call(store, {Val(int32_t{100})}).value_or_throw()[0].i32(), 42);
  EXPECT_EQ(mem.grow(store, 1).value_or_throw(), 1u);
  EXPECT_EQ(inst.get_func(store, "grow")->call(store, {Val(int32_t{1})}).value_or_throw()[0].i32(), 2);
  EXPECT_EQ(mem.size_bytes(store), 3u * 65536);
  EXPECT_FALSE(mem.grow(store, 1).ok());  // past the maximum
  EXPECT_EQ(mem.data(store)[100], 42);
  MemoryType t = mem.type(store).value_or_throw();
  EXPECT_EQ(t.minimum, 3u);
  EXPECT_EQ(t.maximum, 3u);

  MemoryType two_to_four;
  two_to_four.minimum = 2;
  two_to_four.maximum = 4;
  Memory host = Memory::create(store, two_to_four).value_or_throw();
  EXPECT_EQ(host.size_pages(store), 2u);
}

TEST(Api, TablesGlobalsAndReferences) {
  Engine engine;
  Store store(engine);
  Module m = compile(engine, R"((module
    (table (export "t") 2 10 funcref)
    (global (export "g") (mut i64) (i64.const 5))
    (global (export "c") i32 (i32.const 9))
    (func $seven (export "seven") (result i32) (i32.const 7))
    (elem (i32.const 0) $seven)
    (type $v (func (result i32)))
    (func (export "call") (param i32) (result i32) (call_indirect (type $v) (local.get 0)))))");
  Instance inst = Instance::create(store, m, Imports()).value_or_throw();
  Table t = *inst.get_table(store, "t");
  EXPECT_EQ(t.size(store), 2u);
  Val first = t.get(store, 0).value_or_throw();
  ASSERT_TRUE(first.funcref().has_value());
  EXPECT_EQ(*first.funcref(), *inst.get_func(store, "seven"));
  EXPECT_TRUE(t.get(store, 1).value_or_throw().is_null());
  EXPECT_EQ(t.get(store, 2).error().trap_code(), TrapCode::TableOutOfBounds);
  Func host = Func::wrap(store, []() { return int32_t{11}; });
  t.set(store, 1, Val::funcref(host)).value_or_throw();
  EXPECT_EQ(inst.get_func(store, "call")->call(store, {Val(int32_t{1})}).value_or_throw()[0].i32(), 11);
  EXPECT_EQ(t.grow(store, 3, Val::null(ValKind::FuncRef)).value_or_throw(), 2u);
  EXPECT_EQ(t.size(store), 5u);

  Global g = *inst.get_global(store, "g");
  EXPECT_EQ(g.get(store).value_or_throw().i64(), 5);
  g.set(store, Val(int64_t{-3})).value_or_throw();
  EXPECT_EQ(g.get(store).value_or_throw().i64(), -3);
  EXPECT_FALSE(g.set(store, Val(int32_t{1})).ok());
  Global c = *inst.get_global(store, "c");
  auto immutable = c.set(store, Val(int32_t{1}));
  ASSERT_FALSE(immutable.ok());
  EXPECT_EQ(immutable.error().message(), "global is immutable");

  int payload = 0;
  ExternRef r = ExternRef::create(store, &payload);
  Global eg = Global::create(store, GlobalType{ValKind::ExternRef, true}, Val::externref(r)).value_or_throw();
  EXPECT_EQ(eg.get(store).value_or_throw().externref()->data(), &payload);
  Tag tag = Tag::create(store, TagType{FuncType{{ValKind::I32}, {}}}).value_or_throw();
  EXPECT_EQ(tag.type(store).value_or_throw().params.to_string(), "[i32] -> []");
}

TEST(Api, ReflectionAndCustomSections) {
  Engine engine;
  Module m = compile(engine, R"((module
    (import "a" "f" (func (param i32) (result i64)))
    (import "a" "m" (memory 1 2))
    (import "b" "g" (global (mut f32)))
    (table (export "t") 1 funcref)
    (func (export "h") (param f64))
    (global (export "x") i32 (i32.const 0))))");
  auto imports = m.imports();
  ASSERT_EQ(imports.size(), 3u);
  EXPECT_EQ(imports[0].module, "a");
  EXPECT_EQ(imports[0].name, "f");
  EXPECT_EQ(std::get<FuncType>(imports[0].type).to_string(), "[i32] -> [i64]");
  EXPECT_EQ(std::get<MemoryType>(imports[1].type).maximum, 2u);
  EXPECT_TRUE(std::get<GlobalType>(imports[2].type).mutable_);
  auto exports = m.exports();
  ASSERT_EQ(exports.size(), 3u);
  EXPECT_EQ(exports[0].name, "t");
  EXPECT_EQ(kind_of(exports[0].type), ExternKind::Table);
  EXPECT_EQ(std::get<FuncType>(exports[1].type).to_string(), "[f64] -> []");
  EXPECT_EQ(kind_of(exports[2].type), ExternKind::Global);

  // A binary module with two custom sections "meta".
  std::vector<uint8_t> bin = {0, 'a', 's', 'm', 1, 0, 0, 0,
                              0, 6, 4, 'm', 'e', 't', 'a', 1,
                              0, 7, 4, 'm', 'e', 't', 'a', 2, 3};
  Module c = Module::compile(engine, bin).value_or_throw();
  auto sections = c.custom_sections("meta");
  ASSERT_EQ(sections.size(), 2u);
  EXPECT_EQ(std::vector<uint8_t>(sections[1].begin(), sections[1].end()), (std::vector<uint8_t>{2, 3}));
  EXPECT_TRUE(c.custom_sections("other").empty());
  EXPECT_EQ(std::vector<uint8_t>(c.bytes().begin(), c.bytes().end()), bin);
}

TEST(Api, ObjectsOfAnotherStoreAreRefused) {
  Engine engine;
  Store a(engine), b(engine);
  Func f = Func::wrap(a, []() {});
  auto r = f.call(b, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "object used with a store it does not belong to");
  Module m = compile(engine, R"((module (import "e" "f" (func))))");
  Imports imports;
  imports.define("e", "f", f);
  EXPECT_FALSE(Instance::create(b, m, imports).ok());
  EXPECT_TRUE(Instance::create(a, m, imports).ok());
}

TEST(Api, FeaturesComeFromTheEngineConfig) {
  const char* wat = "(module (func (export \"f\") (return_call 0)))";
  EXPECT_FALSE(Module::compile_text(Engine(), wat).ok());
  Config config;
  EXPECT_TRUE(config.set_feature("tail-call", true));
  EXPECT_FALSE(config.set_feature("no-such-feature", true));
  EXPECT_TRUE(Module::compile_text(Engine(config), wat).ok());
}

// 200 functions, `bad` of which adds to an empty stack; each other one returns its index.
std::string many_functions(std::vector<int> bad) {
  std::string wat = "(module";
  for (int i = 0; i < 200; ++i) {
    bool is_bad = std::find(bad.begin(), bad.end(), i) != bad.end();
    wat += " (func (export \"f" + std::to_string(i) + "\") (result i32) " +
           (is_bad ? std::string("(i32.add (i32.const 1))") : "(i32.const " + std::to_string(i) + ")") + ")";
  }
  return wat + ")";
}

TEST(Api, CompileThreadsGiveTheSameModuleAndTheSameError) {
  for (unsigned threads : {0u, 1u, 2u, 5u}) {
    Config config;
    config.compile_threads = threads;
    Engine engine(config);
    Store store(engine);
    Module m = Module::compile_text(engine, many_functions({})).value_or_throw();
    Instance inst = Instance::create(store, m, Imports()).value_or_throw();
    for (int i : {0, 99, 199}) {
      auto r = inst.get_func(store, "f" + std::to_string(i))->call(store, {});
      ASSERT_TRUE(r.ok());
      EXPECT_EQ((*r)[0].i32(), i) << threads << " threads";
    }
    auto bad = Module::compile_text(engine, many_functions({150, 40, 170}));
    ASSERT_FALSE(bad.ok());
    // The first failing function: the 41st (index 40), whatever the number of threads.
    std::string first = Module::compile_text(Engine(), many_functions({40})).error().to_string();
    EXPECT_EQ(bad.error().to_string(), first) << threads << " threads";
    EXPECT_NE(first, Module::compile_text(Engine(), many_functions({150})).error().to_string());
  }
}

}  // namespace

namespace {

using namespace kiln;

const char* kSpin = R"((module
  (func $spin (export "spin") (loop $l (br $l)))
  (func $count (export "count") (param i32) (result i32)
    (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))) (local.get 0))))";

TEST(ApiLimits, FuelStopsAnInfiniteLoopDeterministically) {
  Engine engine;
  Store store(engine);
  Instance inst = Instance::create(store, Module::compile_text(engine, kSpin).value_or_throw(), Imports()).value_or_throw();
  EXPECT_EQ(store.fuel(), std::nullopt);
  store.set_fuel(1000);
  auto r = inst.get_func(store, "spin")->call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap_code(), TrapCode::OutOfFuel);
  EXPECT_EQ(r.error().message(), "all fuel consumed");
  EXPECT_EQ(store.fuel(), 0u);
  // count(10): one unit to enter, one per taken back-edge (9).
  store.set_fuel(100);
  EXPECT_EQ(inst.get_func(store, "count")->call(store, {Val(int32_t{10})}).value_or_throw()[0].i32(), 0);
  EXPECT_EQ(store.fuel(), 90u);
}

TEST(ApiLimits, InterruptFromAnotherThreadStopsAnInfiniteLoop) {
  Engine engine;
  Store store(engine);
  Instance inst = Instance::create(store, Module::compile_text(engine, kSpin).value_or_throw(), Imports()).value_or_throw();
  InterruptHandle handle = store.interrupt_handle();
  std::thread stopper([handle] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    handle.interrupt();
  });
  auto r = inst.get_func(store, "spin")->call(store, {});
  stopper.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap_code(), TrapCode::Interrupted);
  // The request stays until cleared.
  EXPECT_FALSE(inst.get_func(store, "count")->call(store, {Val(int32_t{3})}).ok());
  store.clear_interrupt();
  EXPECT_TRUE(inst.get_func(store, "count")->call(store, {Val(int32_t{3})}).ok());
  store.set_deadline(0.02);
  auto d = inst.get_func(store, "spin")->call(store, {});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().trap_code(), TrapCode::Interrupted);
}

TEST(ApiLimits, MemoryLimitMakesGrowFail) {
  Engine engine;
  Limits limits;
  limits.max_memory_bytes = 3 * 65536;
  Store store(engine, limits);
  Module m = Module::compile_text(engine, R"((module (memory (export "m") 2)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))").value_or_throw();
  Instance inst = Instance::create(store, m, Imports()).value_or_throw();
  Func grow = *inst.get_func(store, "grow");
  EXPECT_EQ(grow.call(store, {Val(int32_t{2})}).value_or_throw()[0].i32(), -1);
  EXPECT_EQ(grow.call(store, {Val(int32_t{1})}).value_or_throw()[0].i32(), 2);
  EXPECT_EQ(grow.call(store, {Val(int32_t{1})}).value_or_throw()[0].i32(), -1);
  MemoryType one_page;
  one_page.minimum = 1;
  EXPECT_FALSE(Memory::create(store, one_page).ok());
  auto second = Instance::create(store, m, Imports());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().message(),
            "memory of 131072 bytes exceeds the store's limit of 196608 bytes for all memories (196608 in use)");
}

TEST(ApiLimits, CallDepthLimitTrapsDeepRecursion) {
  Engine engine;
  Limits limits;
  limits.max_call_depth = 100;
  Store store(engine, limits);
  Module m = Module::compile_text(engine, R"((module
    (func $r (export "r") (param i32) (result i32)
      (if (result i32) (local.get 0) (then (call $r (i32.sub (local.get 0) (i32.const 1)))) (else (i32.const 0))))))")
                 .value_or_throw();
  Instance inst = Instance::create(store, m, Imports()).value_or_throw();
  EXPECT_TRUE(inst.get_func(store, "r")->call(store, {Val(int32_t{50})}).ok());
  auto r = inst.get_func(store, "r")->call(store, {Val(int32_t{500})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap_code(), TrapCode::CallStackExhausted);
}

TEST(ApiLimits, TrapsCarryTheirBacktrace) {
  Engine engine;
  Store store(engine);
  Module m = Module::compile_text(engine, R"((module $mod
    (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
    (func $outer (export "outer") (param i32) (result i32) (call $inner (local.get 0)))))").value_or_throw();
  Instance inst = Instance::create(store, m, Imports()).value_or_throw();
  auto r = inst.get_func(store, "outer")->call(store, {Val(int32_t{0})});
  ASSERT_FALSE(r.ok());
  const auto& frames = r.error().frames();
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].func_index, 0u);
  EXPECT_EQ(frames[0].func_name, "inner");
  EXPECT_EQ(frames[0].module_name, "mod");
  EXPECT_EQ(frames[1].func_index, 1u);
  EXPECT_EQ(frames[1].func_name, "outer");
  // The offsets point at the div_u (0x6e) and the call (0x10) in the module's bytes.
  EXPECT_EQ(m.bytes()[frames[0].module_offset], 0x6e);
  EXPECT_EQ(m.bytes()[frames[1].module_offset], 0x10);
  EXPECT_EQ(r.error().to_string().substr(0, 58), "runtime error: integer divide by zero\nwasm backtrace:\n    ");
}

}  // namespace

namespace {

using namespace kiln;

TEST(ApiWasi, CommandWritesToItsPreopenAndExits) {
  char dir[] = "/tmp/kiln-api-wasi-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  Engine engine;
  Store store(engine);
  // path_open "out.txt" (create, write), fd_write "hi\n", proc_exit(argc).
  Module m = Module::compile_text(engine, R"((module
    (import "wasi_snapshot_preview1" "path_open"
      (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (data (i32.const 100) "out.txt")
    (data (i32.const 200) "hi\n")
    (func (export "_start")
      (drop (call $open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 7) (i32.const 1)
                        (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 0)))
      (i32.store (i32.const 8) (i32.const 200))
      (i32.store (i32.const 12) (i32.const 3))
      (drop (call $write (i32.load (i32.const 0)) (i32.const 8) (i32.const 1) (i32.const 16)))
      (drop (call $sizes (i32.const 20) (i32.const 24)))
      (call $exit (i32.load (i32.const 20))))))").value_or_throw();
  WasiConfig config;
  config.args = {"prog", "a", "b"};
  config.preopens = {{dir, "/sandbox"}};
  Wasi wasi = Wasi::create(store, config).value_or_throw();
  Imports imports;
  wasi.define(imports);
  Instance inst = Instance::create(store, m, imports).value_or_throw();
  wasi.bind(store, inst).value_or_throw();
  auto r = inst.get_func(store, "_start")->call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), Error::Kind::Exit);
  EXPECT_EQ(r.error().exit_code(), 3u);
  EXPECT_EQ(wasi.exit_code(), 3u);
  std::string path = std::string(dir) + "/out.txt";
  FILE* f = std::fopen(path.c_str(), "r");
  ASSERT_NE(f, nullptr);
  char buf[16] = {};
  size_t n = std::fread(buf, 1, sizeof buf, f);
  std::fclose(f);
  EXPECT_EQ(std::string(buf, n), "hi\n");
  std::remove(path.c_str());
  rmdir(dir);
  auto missing = Wasi::create(store, WasiConfig{{}, {}, {{"/nonexistent/kiln", "/x"}}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message(), "cannot open directory '/nonexistent/kiln': No such file or directory");
}

}  // namespace

namespace {

using namespace kiln;

// A load or store of memory 0 whose address is an i32.add takes the add into the access
// (the interpreter's fused-address forms): the sum wraps at 2^32 before the offset is
// added, bounds are checked on the sum plus the offset, and a trap points at the access.
TEST(ApiMemory, AccessesWithAnAddedAddress) {
  Engine engine;
  Store store(engine);
  Module m = Module::compile_text(engine, R"((module
    (memory 1)
    (data (i32.const 16) "\01\02\03\04\05\06\07\08\ff")
    (func (export "load") (param i32 i32) (result i64)
      (i64.load offset=4 (i32.add (local.get 0) (local.get 1))))
    (func (export "load8") (param i32 i32) (result i32)
      (i32.load8_s (i32.add (local.get 0) (local.get 1))))
    (func (export "store") (param i32 i32 i32) (result i32)
      (i32.store16 offset=2 (i32.add (local.get 0) (local.get 1)) (local.get 2))
      (i32.load (i32.const 16)))))").value_or_throw();
  Instance inst = Instance::create(store, m, Imports()).value_or_throw();
  Func load = *inst.get_func(store, "load");
  Func load8 = *inst.get_func(store, "load8");
  Func store16 = *inst.get_func(store, "store");
  auto i32 = [](uint32_t v) { return Val(static_cast<int32_t>(v)); };
  EXPECT_EQ(load.call(store, {i32(10), i32(2)}).value_or_throw()[0].i64(), 0x0807060504030201);
  // 0xfffffff0 + 0x1c wraps to 0xc; the offset then makes 16.
  EXPECT_EQ(load.call(store, {i32(0xfffffff0u), i32(0x1c)}).value_or_throw()[0].i64(), 0x0807060504030201);
  EXPECT_EQ(load8.call(store, {i32(20), i32(4)}).value_or_throw()[0].i32(), -1);
  EXPECT_EQ(load8.call(store, {i32(8), i32(8)}).value_or_throw()[0].i32(), 1);
  EXPECT_EQ(store16.call(store, {i32(10), i32(4), i32(0xabcd)}).value_or_throw()[0].i32(), 0x0403abcd);
  // 65528 + 4 + 8 bytes ends past the page.
  auto r = load.call(store, {i32(65520), i32(8)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap_code(), TrapCode::MemoryOutOfBounds);
  ASSERT_EQ(r.error().frames().size(), 1u);
  EXPECT_EQ(m.bytes()[r.error().frames()[0].module_offset], 0x29);  // i64.load
  // A sum that wraps to a high address is out of bounds.
  auto high = load8.call(store, {i32(0xffffffffu), i32(0xffffffffu)});
  ASSERT_FALSE(high.ok());
  EXPECT_EQ(high.error().trap_code(), TrapCode::MemoryOutOfBounds);
  auto s = store16.call(store, {i32(65530), i32(4), i32(1)});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(m.bytes()[s.error().frames()[0].module_offset], 0x3b);  // i32.store16
}

}  // namespace

namespace {

using namespace kiln;

// i64 compares and i64.eqz that decide a br_if or an if become compare-and-jump
// instructions, forward and back to a loop: signed and unsigned orders, all 64 bits.
TEST(ApiControl, I64ComparesThatBranch) {
  Engine engine;
  Store store(engine);
  Module m = Module::compile_text(engine, R"((module
    (func (export "cmp") (param i64 i64) (result i32)
      (local $r i32)
      (if (i64.lt_s (local.get 0) (local.get 1)) (then (local.set $r (i32.or (local.get $r) (i32.const 1)))))
      (if (i64.lt_u (local.get 0) (local.get 1)) (then (local.set $r (i32.or (local.get $r) (i32.const 2)))))
      (if (i64.ge_s (local.get 0) (local.get 1)) (then (local.set $r (i32.or (local.get $r) (i32.const 4)))))
      (if (i64.gt_u (local.get 0) (local.get 1)) (then (local.set $r (i32.or (local.get $r) (i32.const 8)))))
      (if (i64.eq (local.get 0) (local.get 1)) (then (local.set $r (i32.or (local.get $r) (i32.const 16)))))
      (if (i64.le_u (local.get 0) (local.get 1)) (then (local.set $r (i32.or (local.get $r) (i32.const 32)))))
      (if (i64.eqz (local.get 0)) (then (local.set $r (i32.or (local.get $r) (i32.const 64)))))
      (local.get $r))
    ;; Steps of x -> x >> 1 until zero (br_if back on i64.ne), then counts down
    ;; (br_if back on (i64.eqz) negated).
    (func (export "steps") (param i64) (result i32)
      (local $n i32)
      (block $done
        (br_if $done (i64.eqz (local.get 0)))
        (loop $l
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (local.set 0 (i64.shr_u (local.get 0) (i64.const 1)))
          (br_if $l (i64.ne (local.get 0) (i64.const 0)))))
      (local.get $n))))").value_or_throw();
  Instance inst = Instance::create(store, m, Imports()).value_or_throw();
  Func cmp = *inst.get_func(store, "cmp");
  Func steps = *inst.get_func(store, "steps");
  auto c = [&](int64_t a, int64_t b) { return cmp.call(store, {Val(a), Val(b)}).value_or_throw()[0].i32(); };
  EXPECT_EQ(c(-1, 1), 1 | 8);            // signed less, unsigned greater
  EXPECT_EQ(c(1, -1), 2 | 4 | 32);       // signed greater, unsigned less
  EXPECT_EQ(c(0x100000000, 1), 4 | 8);   // differs only above bit 31
  EXPECT_EQ(c(1, 0x100000000), 1 | 2 | 32);
  EXPECT_EQ(c(0, 0), 4 | 16 | 32 | 64);
  EXPECT_EQ(c(0x100000000, 0x100000000), 4 | 16 | 32);
  EXPECT_EQ(steps.call(store, {Val(int64_t{0})}).value_or_throw()[0].i32(), 0);
  EXPECT_EQ(steps.call(store, {Val(int64_t{1})}).value_or_throw()[0].i32(), 1);
  EXPECT_EQ(steps.call(store, {Val(int64_t{0x100000000})}).value_or_throw()[0].i32(), 33);
  EXPECT_EQ(steps.call(store, {Val(int64_t{-1})}).value_or_throw()[0].i32(), 64);
}

}  // namespace

namespace {

using namespace kiln;

// Jumps that land on a jump go straight to its target; one that lands on a branch back to
// a loop becomes that branch: the results, the fuel a loop consumes and where it runs out
// stay those of the code as written.
TEST(ApiControl, JumpsToJumpsAndLoopBranches) {
  Engine engine;
  Store store(engine);
  Module m = Module::compile_text(engine, R"((module
    (func (export "alt") (param $n i32) (result i32)
      (local $acc i32)
      (block $exit
        (loop $next
          (br_if $exit (i32.eqz (local.get $n)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (if (i32.and (local.get $n) (i32.const 1))
            (then (local.set $acc (i32.add (local.get $acc) (i32.const 3))))
            (else (local.set $acc (i32.add (local.get $acc) (i32.const 5)))))
          (br $next)))
      (local.get $acc))
    (func (export "sw") (param $n i32) (result i32)
      (local $acc i32)
      (loop $next
        (block $done
          (block $c2 (block $c1 (block $c0
            (br_table $c0 $c1 $c2 $done (local.get $n)))
            (local.set $acc (i32.add (local.get $acc) (i32.const 1))) (br $done))
            (local.set $acc (i32.add (local.get $acc) (i32.const 10))) (br $done))
          (local.set $acc (i32.add (local.get $acc) (i32.const 100))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $next (i32.ge_s (local.get $n) (i32.const 0))))
      (local.get $acc))))").value_or_throw();
  Instance inst = Instance::create(store, m, Imports()).value_or_throw();
  Func alt = *inst.get_func(store, "alt");
  Func sw = *inst.get_func(store, "sw");
  EXPECT_EQ(alt.call(store, {Val(int32_t{10})}).value_or_throw()[0].i32(), 40);
  EXPECT_EQ(sw.call(store, {Val(int32_t{2})}).value_or_throw()[0].i32(), 111);
  EXPECT_EQ(sw.call(store, {Val(int32_t{5})}).value_or_throw()[0].i32(), 111);
  // One unit on entry and one per `br $next`, whichever arm of the if ran.
  store.set_fuel(100);
  EXPECT_EQ(alt.call(store, {Val(int32_t{10})}).value_or_throw()[0].i32(), 40);
  EXPECT_EQ(store.fuel(), std::optional<uint64_t>(89));
  // Out of fuel at the first branch back, taken after the `then` arm (n = 9 is odd): the
  // trap is at the `br`.
  store.set_fuel(1);
  auto r = alt.call(store, {Val(int32_t{10})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap_code(), TrapCode::OutOfFuel);
  ASSERT_EQ(r.error().frames().size(), 1u);
  EXPECT_EQ(m.bytes()[r.error().frames()[0].module_offset], 0x0c);  // br
  // The same after the `else` arm (n = 8 is even).
  store.set_fuel(2);
  r = alt.call(store, {Val(int32_t{10})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(m.bytes()[r.error().frames()[0].module_offset], 0x0c);
}

}  // namespace

namespace {

using namespace kiln;

// A select whose condition is the i32 compare just before it takes the compare in: every
// order, signed and unsigned, with values of every width.
TEST(ApiControl, SelectOnACompare) {
  Engine engine;
  Store store(engine);
  Module m = Module::compile_text(engine, R"((module
    (func (export "bits") (param i32 i32) (result i32)
      (local $r i32)
      (local.set $r (select (i32.const 1) (i32.const 0) (i32.lt_s (local.get 0) (local.get 1))))
      (local.set $r (i32.or (local.get $r) (select (i32.const 2) (i32.const 0) (i32.lt_u (local.get 0) (local.get 1)))))
      (local.set $r (i32.or (local.get $r) (select (i32.const 4) (i32.const 0) (i32.ge_s (local.get 0) (local.get 1)))))
      (local.set $r (i32.or (local.get $r) (select (i32.const 8) (i32.const 0) (i32.gt_u (local.get 0) (local.get 1)))))
      (local.set $r (i32.or (local.get $r) (select (i32.const 16) (i32.const 0) (i32.eq (local.get 0) (local.get 1)))))
      (local.set $r (i32.or (local.get $r) (select (i32.const 32) (i32.const 0) (i32.ne (local.get 0) (local.get 1)))))
      (local.set $r (i32.or (local.get $r) (select (i32.const 64) (i32.const 0) (i32.le_u (local.get 0) (local.get 1)))))
      (local.set $r (i32.or (local.get $r) (select (i32.const 128) (i32.const 0) (i32.gt_s (local.get 0) (local.get 1)))))
      (local.set $r (i32.or (local.get $r) (select (i32.const 256) (i32.const 0) (i32.le_s (local.get 0) (local.get 1)))))
      (local.set $r (i32.or (local.get $r) (select (i32.const 512) (i32.const 0) (i32.ge_u (local.get 0) (local.get 1)))))
      (i32.or (local.get $r) (select (i32.const 1024) (i32.const 0) (i32.eqz (local.get 0)))))
    (func (export "wide") (param i32 i64 i64) (result i64)
      (select (local.get 1) (local.get 2) (i32.gt_u (local.get 0) (i32.const 5))))
    (func (export "real") (param i32 f64 f64) (result f64)
      (select (local.get 1) (local.get 2) (i32.eqz (local.get 0))))))").value_or_throw();
  Instance inst = Instance::create(store, m, Imports()).value_or_throw();
  Func bits = *inst.get_func(store, "bits");
  auto b = [&](int32_t x, int32_t y) { return bits.call(store, {Val(x), Val(y)}).value_or_throw()[0].i32(); };
  EXPECT_EQ(b(-1, 1), 1 | 8 | 32 | 256 | 512);       // signed less, unsigned greater
  EXPECT_EQ(b(1, -1), 2 | 4 | 32 | 64 | 128);        // signed greater, unsigned less
  EXPECT_EQ(b(7, 7), 4 | 16 | 64 | 256 | 512);
  EXPECT_EQ(b(0, 0), 4 | 16 | 64 | 256 | 512 | 1024);
  Func wide = *inst.get_func(store, "wide");
  EXPECT_EQ(wide.call(store, {Val(int32_t{6}), Val(int64_t{0x123456789}), Val(int64_t{-2})}).value_or_throw()[0].i64(),
            0x123456789);
  EXPECT_EQ(wide.call(store, {Val(int32_t{-1}), Val(int64_t{1}), Val(int64_t{-2})}).value_or_throw()[0].i64(), 1);
  EXPECT_EQ(wide.call(store, {Val(int32_t{5}), Val(int64_t{1}), Val(int64_t{-2})}).value_or_throw()[0].i64(), -2);
  Func real = *inst.get_func(store, "real");
  EXPECT_EQ(real.call(store, {Val(int32_t{0}), Val(1.5), Val(-2.25)}).value_or_throw()[0].f64(), 1.5);
  EXPECT_EQ(real.call(store, {Val(int32_t{3}), Val(1.5), Val(-2.25)}).value_or_throw()[0].f64(), -2.25);
}

}  // namespace
