// trap: what a host learns when a guest traps -- the kind (TrapCode), the spec's message and
// the wasm backtrace with names from the name section -- and how a host function's error
// traps the guest that called it.
#include <kiln/kiln.hh>

#include <cstdio>
#include <string>

static const char* kWat = R"((module $calc
  (import "env" "check" (func $check (param i32)))
  (func $divide (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $average (export "average") (param $sum i32) (param $n i32) (result i32)
    (call $divide (local.get $sum) (local.get $n)))
  (func $checked (export "checked") (param i32) (result i32)
    (call $check (local.get 0))
    (i32.mul (local.get 0) (i32.const 2)))
  (func (export "crash") (unreachable)))
)";

// The name of a TrapCode, from the same table the engine uses (kiln/traps.def).
static const char* trap_name(kiln::TrapCode code) {
  switch (code) {
#define WASM_TRAP(name, msg) \
  case kiln::TrapCode::name: return #name;
#include <kiln/traps.def>
#undef WASM_TRAP
  }
  return "?";
}

static void report(const char* what, const kiln::Error& e) {
  std::printf("%s:\n", what);
  std::printf("  kind: %s\n", e.kind() == kiln::Error::Kind::Runtime ? "Runtime" : "other");
  if (e.trap_code()) std::printf("  trap: %s\n", trap_name(*e.trap_code()));
  std::printf("  message: %s\n", e.message().c_str());
  for (const kiln::Frame& f : e.frames()) {
    // Names come from the name section; a function without one is shown by its index.
    std::string name = f.func_name.empty() ? "func[" + std::to_string(f.func_index) + "]" : f.func_name;
    std::printf("  at %s!%s (+%u in the function, 0x%llx in the module)\n", f.module_name.c_str(), name.c_str(),
                f.func_offset, static_cast<unsigned long long>(f.module_offset));
  }
}

int main() {
  kiln::Engine engine;
  kiln::Store store(engine);
  kiln::Module module = kiln::Module::compile_text(engine, kWat).value_or_throw();
  kiln::Imports imports;
  // A host function fails by returning an Error: the guest traps with its message.
  imports.define("env", "check", kiln::Func::wrap(store, [](int32_t x) -> kiln::Result<void> {
                   if (x < 0) return kiln::Error(kiln::Error::Kind::Runtime, "negative input " + std::to_string(x));
                   return {};
                 }));
  kiln::Instance instance = kiln::Instance::create(store, module, imports).value_or_throw();
  auto average = instance.get_func(store, "average")->typed<int32_t(int32_t, int32_t)>(store).value_or_throw();
  auto checked = instance.get_func(store, "checked")->typed<int32_t(int32_t)>(store).value_or_throw();

  std::printf("average(10, 4) = %d\n", average.call(store, 10, 4).value_or_throw());
  kiln::Result<int32_t> r = average.call(store, 10, 0);
  report("average(10, 0)", r.error());
  report("average(INT32_MIN, -1)", average.call(store, INT32_MIN, -1).error());
  report("crash()", instance.get_func(store, "crash")->call(store, {}).error());

  std::printf("checked(4) = %d\n", checked.call(store, 4).value_or_throw());
  report("checked(-4)", checked.call(store, -4).error());

  // Error::to_string() is what `kiln run` prints; value_or_throw() throws it as RuntimeError.
  try {
    average.call(store, 1, 0).value_or_throw();
  } catch (const kiln::RuntimeError& e) {
    std::printf("thrown kiln::RuntimeError:\n%s\n", e.what());
  }
  // The store stays usable after a trap.
  std::printf("average(9, 3) = %d\n", average.call(store, 9, 3).value_or_throw());
  return 0;
}
