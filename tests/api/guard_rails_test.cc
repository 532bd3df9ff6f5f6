// Guard rails against hostile modules, through the public C++ API with the default limits:
// every extreme below ends in a clean error or trap, with memory in proportion to the input
// (issue 8: deep host -> guest -> host recursion, huge growth requests, millions of
// functions or locals, deep nesting, giant data segments). Modules are written byte by byte
// so that each test states exactly what the hostile input is.
#include "kiln/kiln.hh"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

using namespace kiln;
using Bytes = std::vector<uint8_t>;

void leb(Bytes& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    out.push_back(v ? b | 0x80 : b);
  } while (v);
}

void sleb(Bytes& out, int64_t v) {
  while (true) {
    uint8_t b = v & 0x7F;
    v >>= 7;
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    out.push_back(done ? b : b | 0x80);
    if (done) return;
  }
}

void section(Bytes& m, uint8_t id, const Bytes& payload) {
  m.push_back(id);
  leb(m, payload.size());
  m.insert(m.end(), payload.begin(), payload.end());
}

Bytes header() { return {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}; }

// A module of `count` functions of type [] -> [results], each with `body` (locals
// declarations included), the first exported as "f". Optional memory/table sections.
struct Spec {
  std::vector<uint8_t> results{};
  Bytes body{};
  uint32_t count = 1;
  Bytes memory{};  // the memory section's payload, if any
  Bytes table{};   // the table section's payload, if any
  Bytes data{};    // the data section's payload, if any
};

Bytes build(const Spec& s) {
  Bytes m = header();
  Bytes types = {0x01, 0x60, 0x00};
  leb(types, s.results.size());
  types.insert(types.end(), s.results.begin(), s.results.end());
  section(m, 1, types);
  Bytes funcs;
  leb(funcs, s.count);
  for (uint32_t i = 0; i < s.count; ++i) funcs.push_back(0x00);
  section(m, 3, funcs);
  if (!s.table.empty()) section(m, 4, s.table);
  if (!s.memory.empty()) section(m, 5, s.memory);
  section(m, 7, {0x01, 0x01, 'f', 0x00, 0x00});
  Bytes code;
  leb(code, s.count);
  for (uint32_t i = 0; i < s.count; ++i) {
    leb(code, s.body.size());
    code.insert(code.end(), s.body.begin(), s.body.end());
  }
  section(m, 10, code);
  if (!s.data.empty()) section(m, 11, s.data);
  return m;
}

std::string compile_error(const Engine& e, const Bytes& bytes) {
  Result<Module> m = Module::compile(e, bytes);
  return m.ok() ? "compiled" : m.error().message();
}

// Calls export "f" of a fresh instance; its i32 result as text, or the trap's message.
std::string run(const Engine& e, const Bytes& bytes, const Limits& limits = {}) {
  Store store(e, limits);
  Result<Module> m = Module::compile(e, bytes);
  if (!m.ok()) return "compile: " + m.error().message();
  Result<Instance> inst = Instance::create(store, *m, Imports());
  if (!inst.ok()) return "instantiate: " + inst.error().message();
  Result<std::vector<Val>> r = inst->get_func(store, "f")->call(store, {});
  if (!r.ok()) return r.error().message();
  if (r->empty()) return "ok";
  return std::to_string(r->front().i32());
}

TEST(GuardRails, HostGuestHostRecursionTrapsWithTheDefaultLimits) {
  // wasm "f" calls the host, which calls "f" again, forever: the default call-depth limit
  // ends it with a trap, long before the host's native stack is at risk.
  Engine engine;
  Store store(engine);
  Module m = Module::compile_text(engine, R"((module
    (import "host" "again" (func $again))
    (func (export "f") (call $again))))").value_or_throw();
  int depth = 0;
  std::optional<Func> f;
  Func again = Func::wrap(store, [&]() -> Result<void> {
    ++depth;
    Result<std::vector<Val>> r = f->call(store, {});
    if (!r.ok()) return r.error();
    return {};
  });
  Imports imports;
  imports.define("host", "again", again);
  Instance inst = Instance::create(store, m, imports).value_or_throw();
  f = inst.get_func(store, "f");
  Result<std::vector<Val>> r = f->call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().trap_code(), TrapCode::CallStackExhausted);
  EXPECT_EQ(r.error().message(), "call stack exhausted");
  EXPECT_GT(depth, 10);
  EXPECT_LE(depth, 200);  // nested host -> wasm entries are bounded (docs/limits.md)
  // The store is still usable afterwards.
  Func ok = Func::wrap(store, [] { return int32_t{7}; });
  EXPECT_EQ(ok.call(store, {})->front().i32(), 7);
}

TEST(GuardRails, PlainRecursionTrapsWithTheDefaultLimits) {
  Engine engine;
  Bytes bytes = build({.results = {}, .body = {0x00, 0x10, 0x00, 0x0B}});
  EXPECT_EQ(run(engine, bytes), "call stack exhausted");
  // All 10000 frames are kept; the text shows the first and last 50.
  Store store(engine);
  Instance inst = Instance::create(store, Module::compile(engine, bytes).value_or_throw(), Imports()).value_or_throw();
  Result<std::vector<Val>> r = inst.get_func(store, "f")->call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().frames().size(), 10000u);
  std::string text = r.error().to_string();
  EXPECT_NE(text.find("\n    49: 0x1e - <unknown>!func[0]\n    ... 9900 frames omitted\n    9950: 0x1e - <unknown>!func[0]"),
            std::string::npos);
  EXPECT_EQ(text.find("\n    50: "), std::string::npos);
  EXPECT_NE(text.find("\n    9999: 0x1e - <unknown>!func[0]"), std::string::npos);
}

TEST(GuardRails, HugeMemoryGrowthRequestsFail) {
  Engine engine;
  auto grow = [&](int64_t pages, Bytes memory) {
    Bytes body = {0x00, 0x41};
    sleb(body, pages);
    body.insert(body.end(), {0x40, 0x00, 0x0B});
    return run(engine, build({.results = {0x7F}, .body = body, .memory = memory}));
  };
  const Bytes no_max = {0x01, 0x00, 0x00};         // (memory 0)
  EXPECT_EQ(grow(-1, no_max), "-1");               // 2^32-1 pages
  EXPECT_EQ(grow(65537, no_max), "-1");            // one page past 4 GiB
  EXPECT_EQ(grow(65536, no_max), "0");             // all 4 GiB: reserved, not touched
  EXPECT_EQ(grow(2, {0x01, 0x01, 0x00, 0x01}), "-1");  // (memory 0 1)
  // A store budget turns even a permitted size into -1.
  Limits limits;
  limits.max_memory_bytes = 1 << 20;
  Bytes body = {0x00, 0x41, 0x11, 0x40, 0x00, 0x0B};  // 17 pages > 1 MiB
  EXPECT_EQ(run(engine, build({.results = {0x7F}, .body = body, .memory = no_max}), limits), "-1");
}

TEST(GuardRails, HugeTablesAndTableGrowthFail) {
  Engine engine;
  auto grow = [&](int64_t n) {
    Bytes body = {0x00, 0xD0, 0x70, 0x41};  // ref.null func, i32.const n, table.grow 0
    sleb(body, n);
    body.insert(body.end(), {0xFC, 0x0F, 0x00, 0x0B});
    return run(engine, build({.results = {0x7F}, .body = body, .table = {0x01, 0x70, 0x00, 0x00}}));
  };
  EXPECT_EQ(grow(-2), "-1");           // 2^32-2 entries
  EXPECT_EQ(grow(100'000'000), "-1");  // past the engine's 10^7 entries
  EXPECT_EQ(grow(1000), "0");
  // A table that starts at 2^32-1 entries is refused at instantiation, before allocating.
  Bytes table = {0x01, 0x70, 0x00};
  leb(table, 0xFFFFFFFF);
  EXPECT_EQ(run(engine, build({.results = {}, .body = {0x00, 0x0B}, .table = table})),
            "instantiate: table of 4294967295 entries exceeds the engine's limit of 10000000");
}

TEST(GuardRails, ManyFunctionsCompileAndCountsBeyondTheBytesAreRefused) {
  Engine engine;
  // 200000 functions: compiled (memory grows with the module, nothing per function is huge).
  EXPECT_EQ(run(engine, build({.results = {}, .body = {0x00, 0x0B}, .count = 200'000})), "ok");
  // A function section claiming 2^32-1 functions in a few bytes is refused before any
  // allocation in proportion to the claim.
  Bytes m = header();
  section(m, 1, {0x01, 0x60, 0x00, 0x00});
  Bytes funcs;
  leb(funcs, 0xFFFFFFFF);
  funcs.push_back(0x00);
  section(m, 3, funcs);
  EXPECT_EQ(compile_error(engine, m), "length out of bounds");
}

TEST(GuardRails, TheJsApiImplementationLimitsHold) {
  // Counts past the JS API's limits are refused where they are read, before the engine
  // allocates for them (spec/impl_limits.h).
  Engine engine;
  auto with_section = [](uint8_t id, const Bytes& payload) {
    Bytes m = header();
    section(m, 1, {0x01, 0x60, 0x00, 0x00});
    section(m, id, payload);
    return m;
  };
  Bytes funcs;
  leb(funcs, 1'000'001);
  funcs.resize(funcs.size() + 1'000'001, 0x00);
  EXPECT_EQ(compile_error(engine, with_section(3, funcs)), "too many functions: 1000001 (the limit is 1000000)");
  Bytes imports;
  leb(imports, 100'001);
  for (int i = 0; i < 100'001; ++i) imports.insert(imports.end(), {0x01, 'm', 0x01, 'f', 0x00, 0x00});
  EXPECT_EQ(compile_error(engine, with_section(2, imports)), "too many imports: 100001 (the limit is 100000)");
  Bytes globals;
  leb(globals, 1'000'001);
  globals.resize(globals.size() + 5'000'005, 0x00);
  EXPECT_EQ(compile_error(engine, with_section(6, globals)), "too many globals: 1000001 (the limit is 1000000)");
  Bytes memories = {0x65};  // 101 memories
  for (int i = 0; i < 101; ++i) memories.insert(memories.end(), {0x00, 0x00});
  EXPECT_EQ(compile_error(engine, with_section(5, memories)), "too many memories: 101 (the limit is 100)");
  // 1001 parameters in a function type.
  Bytes m = header();
  Bytes type = {0x01, 0x60};
  leb(type, 1001);
  type.resize(type.size() + 1001, 0x7F);
  type.push_back(0x00);
  section(m, 1, type);
  EXPECT_EQ(compile_error(engine, m), "too many parameters: 1001 (the limit is 1000)");
  // A function body of more than 7654321 bytes.
  Bytes body = {0x00};
  body.resize(7'654'321, 0x01);  // nop...
  body.push_back(0x0B);
  EXPECT_EQ(compile_error(engine, build({.results = {}, .body = body})),
            "too many bytes in a function body: 7654322 (the limit is 7654321)");
  // The same limits for text modules, checked by the validator.
  std::string wat = "(module (type (func (param";
  for (int i = 0; i < 1001; ++i) wat += " i32";
  wat += "))))";
  EXPECT_EQ(Module::compile_text(engine, wat).error().message(), "too many parameters: 1001 (the limit is 1000)");
  EXPECT_EQ(Module::compile_text(engine, "(module (func (local i32 i64) (local i32)))").ok(), true);
  std::string locals = "(module (func (local";
  for (int i = 0; i < 50'001; ++i) locals += " i32";
  locals += ")))";
  EXPECT_EQ(Module::compile_text(engine, locals).error().message(), "too many locals");
}

TEST(GuardRails, TooManyLocalsAreRefused) {
  Engine engine;
  auto locals = [&](std::vector<std::pair<uint32_t, uint8_t>> groups) {
    Bytes body;
    leb(body, groups.size());
    for (auto [n, t] : groups) {
      leb(body, n);
      body.push_back(t);
    }
    body.push_back(0x0B);
    return compile_error(engine, build({.results = {}, .body = body}));
  };
  EXPECT_EQ(locals({{50000, 0x7F}}), "compiled");
  EXPECT_EQ(locals({{50001, 0x7F}}), "too many locals");
  EXPECT_EQ(locals({{30000, 0x7F}, {30000, 0x7E}}), "too many locals");
  EXPECT_EQ(locals({{0xFFFFFFFF, 0x7F}, {0xFFFFFFFF, 0x7E}}), "too many locals");
}

TEST(GuardRails, DeeplyNestedBlocksValidateAndRun) {
  Engine engine;
  constexpr int kDepth = 100'000;
  Bytes body = {0x00};
  for (int i = 0; i < kDepth; ++i) body.insert(body.end(), {0x02, 0x40});  // block
  body.insert(body.end(), {0x0C});                                         // br to the outermost
  leb(body, kDepth - 1);
  for (int i = 0; i < kDepth; ++i) body.push_back(0x0B);
  body.push_back(0x0B);
  EXPECT_EQ(run(engine, build({.results = {}, .body = body})), "ok");
  // A deep operand stack: 100000 constants added up.
  Bytes sum = {0x00};
  for (int i = 0; i < kDepth; ++i) sum.insert(sum.end(), {0x41, 0x01});
  for (int i = 1; i < kDepth; ++i) sum.push_back(0x6A);
  sum.push_back(0x0B);
  EXPECT_EQ(run(engine, build({.results = {0x7F}, .body = sum})), "100000");
}

TEST(GuardRails, DeepTextNestingIsAnErrorWithItsLocation) {
  Engine engine;
  std::string wat = "(module (func";
  for (int i = 0; i < 100'000; ++i) wat += " (block";
  wat += std::string(100'000, ')') + "))";
  Result<Module> m = Module::compile_text(engine, wat);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind(), Error::Kind::Compile);
  EXPECT_EQ(m.error().message(), "nesting too deep");
  EXPECT_EQ(m.error().line(), 1u);
  // At the k-th "(block" (column 7k + 8): the 2002nd, or an earlier one where the parser's
  // native stack guard stops it first (sanitizer builds have much larger frames).
  uint32_t column = m.error().column();
  EXPECT_EQ((column - 8) % 7, 0u) << column;
  EXPECT_GE(column, 7u * 100 + 8);
  EXPECT_LE(column, 7u * 2002 + 8);
}

TEST(GuardRails, GiantDataSegmentsAreRefused) {
  Engine engine;
  // A data segment claiming 4 GiB - 16 bytes in a 25-byte module.
  Bytes data = {0x01, 0x00, 0x41, 0x00, 0x0B};
  leb(data, 0xFFFFFFF0);
  EXPECT_EQ(run(engine, build({.results = {}, .body = {0x00, 0x0B}, .memory = {0x01, 0x00, 0x01}, .data = data})),
            "compile: length out of bounds");
  // A real 8 MiB segment into a 1-page memory: out of bounds at instantiation.
  Bytes big = {0x01, 0x00, 0x41, 0x00, 0x0B};
  leb(big, 8u << 20);
  big.resize(big.size() + (8u << 20), 0xAB);
  EXPECT_EQ(run(engine, build({.results = {}, .body = {0x00, 0x0B}, .memory = {0x01, 0x00, 0x01}, .data = big})),
            "instantiate: out of bounds memory access");
  // A 4 GiB memory minimum is only reserved; one page more is invalid.
  EXPECT_EQ(run(engine, build({.results = {}, .body = {0x00, 0x0B}, .memory = {0x01, 0x00, 0x80, 0x80, 0x04}})), "ok");
  EXPECT_EQ(run(engine, build({.results = {}, .body = {0x00, 0x0B}, .memory = {0x01, 0x00, 0x81, 0x80, 0x04}})),
            "compile: memory size must be at most 65536 pages (4GiB)");
}

}  // namespace
