// hello: a host function imported by a module and called from wasm.
//   The module imports "env" "print" (an i32 -> nothing host callback) and exports "run",
//   which calls it for 1..n and returns the sum of what the host callback returned to it
//   through a second import, "env" "square".
#include <kiln/kiln.hh>

#include <cstdio>

static const char* kWat = R"((module
  (import "env" "print" (func $print (param i32)))
  (import "env" "square" (func $square (param i32) (result i32)))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $next
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (call $print (local.get $i))
      (local.set $sum (i32.add (local.get $sum) (call $square (local.get $i))))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $sum)))
)";

int main() {
  try {
    kiln::Engine engine;
    kiln::Store store(engine);
    kiln::Module module = kiln::Module::compile_text(engine, kWat).value_or_throw();

    kiln::Imports imports;
    imports.define("env", "print", kiln::Func::wrap(store, [](int32_t i) { std::printf("hello from wasm: %d\n", i); }));
    int calls = 0;
    imports.define("env", "square", kiln::Func::wrap(store, [&calls](int32_t x) {
                     ++calls;
                     return x * x;
                   }));
    kiln::Instance instance = kiln::Instance::create(store, module, imports).value_or_throw();

    auto run = instance.get_func(store, "run")->typed<int32_t(int32_t)>(store).value_or_throw();
    int32_t sum = run.call(store, 3).value_or_throw();
    std::printf("sum of squares 1..3 = %d (host called %d times)\n", sum, calls);
    return 0;
  } catch (const kiln::ApiException& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
