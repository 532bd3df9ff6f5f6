// Resource control (fuel, interruption, deadlines, memory and table budgets) and trap
// backtraces, on a module compiled from text and, for exact module offsets, from the binary
// the writer makes of it (the offsets below are those wasm-objdump shows for wat2wasm's).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "binary/decoder.h"
#include "binary/writer.h"
#include "interp/interp.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"
#include "text/parser.h"

namespace kiln::core::rt {
namespace {

constexpr const char* kWat = R"((module $mymod
  (import "host" "cb" (func $cb (param i32) (result i32)))
  (func $div (param i32 i32) (result i32)
    (local i64)
    local.get 0
    local.get 1
    i32.div_s)
  (func $main (export "main") (param i32) (result i32)
    i32.const 100
    local.get 0
    call $div)
  (func $via_host (export "via_host") (param i32) (result i32)
    local.get 0
    call $cb
    i32.const 1
    i32.add)
  (func $count (export "count") (param $n i32)
    (loop $l
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n))))
  (func (export "spin") (loop br 0))
  (func $nop)
  (func (export "spin_calls") (loop (call $nop) (br 0)))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $tail (export "tail") (param i32) (return_call $tail (local.get 0))))
)";

Features features() {
  Features f;
  f.set(Feature::TailCall);
  return f;
}

// The module in its own Store; the import `cb` runs `host` (by default: calls `main`).
struct Guest {
  Store store;
  ModuleInstance* inst = nullptr;
  std::function<CallResult(Store&, const Slot*, Slot*)> host;

  explicit Guest(bool binary, StoreLimits limits = {}) : store(limits) {
    auto m = text::parse_module(kWat, features());
    EXPECT_TRUE(m.ok());
    Module mod = std::move(m).value();
    if (binary) {
      std::vector<uint8_t> bytes = write_module(mod, WriteOptions{true});
      auto d = decode_module(bytes.data(), bytes.size(), features());
      EXPECT_TRUE(d.ok());
      mod = std::move(d).value();
    }
    auto compiled = interp::compile(std::move(mod), features());
    EXPECT_TRUE(compiled.ok());
    host = [this](Store& s, const Slot* args, Slot* results) {
      return interp::invoke(s, func("main"), args, results);
    };
    FuncType cb_type;
    cb_type.params = {ValType::i32()};
    cb_type.results = {ValType::i32()};
    FuncInst* cb = store.new_host_func(
        cb_type, [this](Store& s, const Slot* a, Slot* r) { return host(s, a, r); }, "host.cb");
    auto i = instantiate(store, *compiled, {Extern{ExternKind::Func, cb}}, features());
    EXPECT_TRUE(i.ok());
    inst = *i;
  }
  FuncInst* func(const std::string& name) { return inst->exports.at(name).func(); }
  // The result of export `name` (one i32 argument or none), or the error's message.
  std::string call(const std::string& name, std::vector<Slot> args = {}) {
    Slot results[1] = {0};
    CallResult r = interp::invoke(store, func(name), args.data(), results);
    if (!r.ok()) return r.error().message;
    return func(name)->type->results.empty() ? "ok" : std::to_string(static_cast<int32_t>(results[0]));
  }
  // The last trap's frames as "index@func_offset/module_offset" (module offset "-" when none).
  std::string frames() {
    std::string s;
    for (const TraceFrame& f : store.last_trap().frames) {
      if (!s.empty()) s += ' ';
      s += std::to_string(f.func_index) + "@" + std::to_string(f.func_offset) + "/";
      s += f.module_offset == TraceFrame::kNoOffset ? std::string("-") : std::to_string(f.module_offset);
    }
    return s;
  }
};

TEST(Backtrace, FramesOfATrapWithNamesAndOffsets) {
  Guest g(true);
  EXPECT_EQ(g.call("main", {7}), "14");
  EXPECT_EQ(g.call("main", {0}), "integer divide by zero");
  // div_s at 0x7f (7 bytes into div's body at 0x78); the call at 0x88 (main's body: 0x82).
  EXPECT_EQ(g.frames(), "1@7/127 2@6/136");
  EXPECT_EQ(g.store.last_trap().message, "integer divide by zero");
  EXPECT_EQ(format_trap("integer divide by zero", g.store.last_trap().frames),
            "error: integer divide by zero\n"
            "wasm backtrace:\n"
            "    0: 0x7f - mymod!div\n"
            "    1: 0x88 - mymod!main\n");
}

TEST(Backtrace, ModuleFromTextHasFunctionOffsetsOnly) {
  Guest g(false);
  EXPECT_EQ(g.call("main", {0}), "integer divide by zero");
  EXPECT_EQ(g.frames(), "1@7/- 2@6/-");
  EXPECT_EQ(format_backtrace(g.store.last_trap().frames),
            "wasm backtrace:\n"
            "    0: func+0x7 - mymod!div\n"
            "    1: func+0x6 - mymod!main\n");
}

TEST(Backtrace, ThroughAHostFunction) {
  Guest g(true);
  // via_host -> cb (host) -> main -> div traps: the frames of both activations.
  EXPECT_EQ(g.call("via_host", {5}), "21");
  EXPECT_EQ(g.call("via_host", {0}), "integer divide by zero");
  EXPECT_EQ(g.frames(), "1@7/127 2@6/136 3@3/143");
  // The host's own error: the frames from its call site.
  g.host = [](Store&, const Slot*, Slot*) -> CallResult { return Error("boom", ErrorKind::Trap); };
  EXPECT_EQ(g.call("via_host", {1}), "boom");
  EXPECT_EQ(g.frames(), "3@3/143");
  EXPECT_EQ(g.store.last_trap().message, "boom");
  // A host that swallows the inner trap and fails with its own message: not the inner frames.
  g.host = [&g](Store& s, const Slot* a, Slot* r) -> CallResult {
    EXPECT_FALSE(interp::invoke(s, g.func("main"), a, r).ok());
    return Error("other", ErrorKind::Trap);
  };
  EXPECT_EQ(g.call("via_host", {0}), "other");
  EXPECT_EQ(g.frames(), "3@3/143");
}

TEST(Backtrace, NamesFallBackToIndexAndUnknown) {
  Guest g(true);
  TraceFrame f;
  f.instance = g.inst;
  f.func_index = 5;  // the exported "spin" has no name
  f.module_offset = 0xaa;
  EXPECT_EQ(format_backtrace({f}), "wasm backtrace:\n    0: 0xaa - mymod!func[5]\n");
  f.instance = nullptr;
  EXPECT_EQ(format_backtrace({f}), "wasm backtrace:\n    0: 0xaa - <unknown>!func[5]\n");
  EXPECT_EQ(format_backtrace({}), "");
}

TEST(Fuel, OffByDefault) {
  Guest g(true);
  EXPECT_FALSE(g.store.fuel_enabled());
  EXPECT_EQ(g.call("count", {1000}), "ok");
  EXPECT_EQ(g.store.fuel_remaining(), 0u);
}

TEST(Fuel, CountsEntriesCallsAndBackEdges) {
  Guest g(true);
  g.store.set_fuel(100);
  EXPECT_EQ(g.call("count", {10}), "ok");  // entry + 9 branches back
  EXPECT_EQ(g.store.fuel_remaining(), 90u);
  EXPECT_EQ(g.call("main", {1}), "100");  // main, div
  EXPECT_EQ(g.store.fuel_remaining(), 88u);
  EXPECT_EQ(g.call("via_host", {1}), "101");  // via_host, the host call, main, div
  EXPECT_EQ(g.store.fuel_remaining(), 84u);
  EXPECT_EQ(g.call("fib", {10}), "all fuel consumed");  // 177 calls: more than is left
  EXPECT_EQ(g.store.last_trap().message, "all fuel consumed");
  EXPECT_EQ(g.store.last_trap().frames.size(), 8u);  // the 85th call, in preorder, is 8 deep
  EXPECT_EQ(g.store.fuel_remaining(), 0u);
}

TEST(Fuel, StopsAnInfiniteLoopDeterministically) {
  for (int run = 0; run < 2; ++run) {
    Guest g(true);
    g.store.set_fuel(1000);
    EXPECT_EQ(g.call("spin"), "all fuel consumed");
    EXPECT_EQ(g.store.fuel_remaining(), 0u);
    EXPECT_EQ(g.frames(), "5@3/170");  // the br at 0xaa
    g.store.set_fuel(25);
    EXPECT_EQ(g.call("count", {20}), "ok");
    EXPECT_EQ(g.store.fuel_remaining(), 5u);
    EXPECT_EQ(g.call("count", {20}), "all fuel consumed");
    EXPECT_EQ(g.frames(), "4@12/162");  // the br_if at 0xa2
    // Fuel on entry: the function's first instruction.
    g.store.set_fuel(0);
    EXPECT_EQ(g.call("main", {1}), "all fuel consumed");
    EXPECT_EQ(g.frames(), "2@1/131");
    g.store.disable_fuel();
    EXPECT_EQ(g.call("main", {1}), "100");
  }
}

TEST(Fuel, RemainingIsExactInsideHostCalls) {
  Guest g(true);
  uint64_t seen = 0;
  g.host = [&](Store& s, const Slot*, Slot* r) -> CallResult {
    seen = s.fuel_remaining();
    r[0] = 0;
    return Ok();
  };
  g.store.set_fuel(50);
  EXPECT_EQ(g.call("via_host", {1}), "1");
  EXPECT_EQ(seen, 48u);  // via_host and the host call
  EXPECT_EQ(g.store.fuel_remaining(), 48u);
}

// Runs export `name` while another thread interrupts the store after a moment.
std::string interrupted_call(Guest& g, const std::string& name, std::vector<Slot> args = {}) {
  InterruptHandle h = g.store.interrupt_handle();
  std::thread t([h] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    h.interrupt();
  });
  std::string r = g.call(name, std::move(args));
  t.join();
  return r;
}

TEST(Interrupt, StopsLoopsCallLoopsRecursionAndTailCalls) {
  Guest g(true);
  EXPECT_EQ(interrupted_call(g, "spin"), "interrupted");
  EXPECT_EQ(g.frames(), "5@3/170");
  EXPECT_TRUE(g.store.interrupt_requested());
  // The request stays until cleared.
  EXPECT_EQ(g.call("main", {1}), "interrupted");
  g.store.clear_interrupt();
  EXPECT_EQ(g.call("main", {1}), "100");
  EXPECT_EQ(interrupted_call(g, "spin_calls"), "interrupted");
  g.store.clear_interrupt();
  EXPECT_EQ(interrupted_call(g, "fib", {60}), "interrupted");
  g.store.clear_interrupt();
  EXPECT_EQ(interrupted_call(g, "tail", {1}), "interrupted");
  g.store.clear_interrupt();
  EXPECT_EQ(g.call("fib", {10}), "55");
}

TEST(Interrupt, HandleOutlivesTheStore) {
  InterruptHandle h;
  h.interrupt();  // an empty handle does nothing
  {
    Guest g(true);
    h = g.store.interrupt_handle();
  }
  h.interrupt();
}

TEST(Interrupt, Deadline) {
  Guest g(true);
  g.store.set_deadline(std::chrono::steady_clock::now() + std::chrono::milliseconds(20));
  EXPECT_EQ(g.call("spin"), "interrupted");
  g.store.clear_deadline();
  EXPECT_EQ(g.call("main", {1}), "100");
}

TEST(Limits, MemoryBudgetForAllMemories) {
  Module m;
  MemoryType mt;
  mt.limits.min = 1;
  m.memories.push_back(mt);
  auto compiled = interp::compile(m, Features());
  ASSERT_TRUE(compiled.ok());
  StoreLimits limits;
  limits.max_memory_bytes = 3 * 65536;
  Store store(limits);
  auto a = instantiate(store, *compiled, {});
  ASSERT_TRUE(a.ok());
  MemoryInst* mem = (*a)->memories[0];
  EXPECT_EQ(mem->grow(1), 1);
  EXPECT_EQ(store.memory_bytes, 2u * 65536);
  auto b = instantiate(store, *compiled, {});  // the third page
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(mem->grow(1), -1);  // a fourth page is over the budget
  EXPECT_EQ(mem->pages(), 2u);
  auto c = instantiate(store, *compiled, {});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message,
            "memory of 65536 bytes exceeds the store's limit of 196608 bytes for all memories "
            "(196608 in use)");
  EXPECT_EQ(store.memory_bytes, 3u * 65536);
}

TEST(Limits, MemoryGrowInWasmReturnsMinusOne) {
  auto m = text::parse_module(R"((module
    (memory 1)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))",
                        Features());
  ASSERT_TRUE(m.ok());
  auto compiled = interp::compile(std::move(m).value(), Features());
  ASSERT_TRUE(compiled.ok());
  StoreLimits limits;
  limits.max_memory_bytes = 1 << 20;  // 16 pages
  Store store(limits);
  auto inst = instantiate(store, *compiled, {});
  ASSERT_TRUE(inst.ok());
  FuncInst* grow = (*inst)->exports.at("grow").func();
  auto run = [&](uint32_t n) {
    Slot arg = n, res = 0;
    EXPECT_TRUE(interp::invoke(store, grow, &arg, &res).ok());
    return static_cast<int32_t>(res);
  };
  EXPECT_EQ(run(16), -1);
  EXPECT_EQ(run(15), 1);
  EXPECT_EQ(run(1), -1);
  EXPECT_EQ(run(0), 16);
}

TEST(Limits, TableBudgetForAllTables) {
  Module m;
  Table t;
  t.type.elem = ValType::funcref();
  t.type.limits.min = 10;
  m.tables.push_back(t);
  auto compiled = interp::compile(m, Features());
  ASSERT_TRUE(compiled.ok());
  StoreLimits limits;
  limits.max_table_entries = 25;
  Store store(limits);
  auto a = instantiate(store, *compiled, {});
  ASSERT_TRUE(a.ok());
  auto b = instantiate(store, *compiled, {});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ((*a)->tables[0]->grow(6, kNullRef), -1);
  EXPECT_EQ((*a)->tables[0]->grow(5, kNullRef), 10);
  auto c = instantiate(store, *compiled, {});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message,
            "table of 10 entries exceeds the store's limit of 25 entries for all tables (25 in use)");
}

TEST(Limits, CallDepthCoversHostWasmChains) {
  // via_host -> cb -> via_host -> ... : host and wasm frames both count.
  StoreLimits limits;
  limits.max_call_depth = 50;
  Guest g(true, limits);
  int host_calls = 0;
  g.host = [&](Store& s, const Slot* a, Slot* r) {
    ++host_calls;
    return interp::invoke(s, g.func("via_host"), a, r);
  };
  EXPECT_EQ(g.call("via_host", {1}), "call stack exhausted");
  EXPECT_EQ(host_calls, 25);  // each level is one wasm and one host frame
  EXPECT_EQ(g.store.last_trap().frames.size(), 25u);
}

}  // namespace
}  // namespace kiln::core::rt
