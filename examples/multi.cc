// multi: multiple results both ways -- a host function returning a std::tuple to wasm, and
// wasm functions returning several values to the host (typed, and as kiln::Val).
#include <kiln/kiln.hh>

#include <cstdio>
#include <tuple>

static const char* kWat = R"((module
  (import "env" "divmod" (func $divmod (param i32 i32) (result i32 i32)))
  ;; Calls the host's divmod and returns (remainder, quotient, dividend): a swap plus one.
  (func (export "swapped") (param i32 i32) (result i32 i32 i32)
    (local $q i32) (local $r i32)
    (call $divmod (local.get 0) (local.get 1))
    (local.set $r) (local.set $q)
    (local.get $r) (local.get $q) (local.get 0))
  (func (export "mixed") (param i64) (result f32 i64 f64)
    (f32.const 0.5) (i64.mul (local.get 0) (i64.const 3)) (f64.convert_i64_s (local.get 0))))
)";

int main() {
  try {
    kiln::Engine engine;
    kiln::Store store(engine);
    kiln::Module module = kiln::Module::compile_text(engine, kWat).value_or_throw();
    kiln::Imports imports;
    imports.define("env", "divmod", kiln::Func::wrap(store, [](int32_t a, int32_t b) {
                     return std::tuple<int32_t, int32_t>(a / b, a % b);
                   }));
    kiln::Instance instance = kiln::Instance::create(store, module, imports).value_or_throw();

    // Typed: a std::tuple result.
    auto swapped = instance.get_func(store, "swapped")
                       ->typed<std::tuple<int32_t, int32_t, int32_t>(int32_t, int32_t)>(store)
                       .value_or_throw();
    auto [rem, quot, dividend] = swapped.call(store, 47, 5).value_or_throw();
    std::printf("swapped(47, 5) = (%d, %d, %d)\n", rem, quot, dividend);

    // Untyped: a vector of kiln::Val, each with its kind.
    kiln::Func mixed = *instance.get_func(store, "mixed");
    std::printf("mixed has type %s\n", mixed.type(store).value_or_throw().to_string().c_str());
    std::vector<kiln::Val> results = mixed.call(store, {kiln::Val(int64_t{7})}).value_or_throw();
    std::printf("mixed(7) = (%g, %lld, %g)\n", results[0].f32(), static_cast<long long>(results[1].i64()),
                results[2].f64());

    // Without allocation: the caller provides the result slots.
    kiln::Val args[] = {kiln::Val(int64_t{-2})};
    kiln::Val out[3];
    mixed.call(store, args, out).value_or_throw();
    std::printf("mixed(-2) = (%g, %lld, %g)\n", out[0].f32(), static_cast<long long>(out[1].i64()), out[2].f64());
    return 0;
  } catch (const kiln::ApiException& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
