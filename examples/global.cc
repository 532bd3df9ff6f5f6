// global: globals made by the host and imported by a module, mutable and immutable, and a
// module's exported global read and written from the host.
#include <kiln/kiln.hh>

#include <cstdio>

static const char* kWat = R"((module
  (import "env" "base" (global $base i32))               ;; immutable
  (import "env" "counter" (global $counter (mut i64)))   ;; mutable, shared with the host
  (global $scale (export "scale") (mut f64) (f64.const 1.5))
  (global (export "answer") i32 (i32.const 42))
  (func (export "tick") (result i64)
    (global.set $counter (i64.add (global.get $counter) (i64.extend_i32_s (global.get $base))))
    (global.get $counter))
  (func (export "scaled") (param f64) (result f64) (f64.mul (local.get 0) (global.get $scale))))
)";

int main() {
  try {
    kiln::Engine engine;
    kiln::Store store(engine);
    kiln::Module module = kiln::Module::compile_text(engine, kWat).value_or_throw();

    kiln::Global base = kiln::Global::create(store, kiln::GlobalType{kiln::ValKind::I32, false}, kiln::Val(int32_t{10}))
                            .value_or_throw();
    kiln::Global counter =
        kiln::Global::create(store, kiln::GlobalType{kiln::ValKind::I64, true}, kiln::Val(int64_t{100})).value_or_throw();
    kiln::Imports imports;
    imports.define("env", "base", base).define("env", "counter", counter);
    kiln::Instance instance = kiln::Instance::create(store, module, imports).value_or_throw();
    auto tick = instance.get_func(store, "tick")->typed<int64_t()>(store).value_or_throw();
    auto scaled = instance.get_func(store, "scaled")->typed<double(double)>(store).value_or_throw();

    // The guest changes the host's global; the host sees it, and the other way round.
    std::printf("tick() = %lld\n", static_cast<long long>(tick.call(store).value_or_throw()));
    std::printf("tick() = %lld\n", static_cast<long long>(tick.call(store).value_or_throw()));
    std::printf("host reads counter = %lld\n", static_cast<long long>(counter.get(store).value_or_throw().i64()));
    counter.set(store, kiln::Val(int64_t{-5})).value_or_throw();
    std::printf("after the host set it to -5, tick() = %lld\n", static_cast<long long>(tick.call(store).value_or_throw()));

    // Exported globals.
    kiln::Global scale = *instance.get_global(store, "scale");
    kiln::Global answer = *instance.get_global(store, "answer");
    std::printf("scaled(2) = %g\n", scaled.call(store, 2.0).value_or_throw());
    scale.set(store, kiln::Val(0.25)).value_or_throw();
    std::printf("after scale = 0.25, scaled(2) = %g\n", scaled.call(store, 2.0).value_or_throw());
    kiln::GlobalType answer_type = answer.type(store).value_or_throw();
    std::printf("answer: %s %s = %d\n", answer_type.mutable_ ? "mut" : "const", answer_type.content.to_string().c_str(),
                answer.get(store).value_or_throw().i32());

    // Immutable globals refuse set, and values must have the global's type.
    kiln::Result<void> r = answer.set(store, kiln::Val(int32_t{7}));
    std::printf("answer.set(7): %s\n", r.ok() ? "ok" : r.error().message().c_str());
    r = base.set(store, kiln::Val(int32_t{7}));
    std::printf("base.set(7): %s\n", r.ok() ? "ok" : r.error().message().c_str());
    r = counter.set(store, kiln::Val(1.0));
    std::printf("counter.set(1.0): %s\n", r.ok() ? "ok" : r.error().message().c_str());
    return 0;
  } catch (const kiln::ApiException& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
