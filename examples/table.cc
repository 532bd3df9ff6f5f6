// table: a funcref table shared by host and guest. The host reads, sets and grows it, and
// wasm's call_indirect calls whatever function the host put in an entry -- a wasm export or
// a host function.
#include <kiln/kiln.hh>

#include <cstdio>

static const char* kWat = R"((module
  (type $binop (func (param i32 i32) (result i32)))
  (table (export "ops") 2 10 funcref)
  (func $add (export "add") (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (elem (i32.const 0) $add $sub)
  (func (export "apply") (param $op i32) (param i32 i32) (result i32)
    (call_indirect (type $binop) (local.get 1) (local.get 2) (local.get $op)))
  (func (export "size") (result i32) (table.size)))
)";

int main() {
  try {
    kiln::Engine engine;
    kiln::Store store(engine);
    kiln::Module module = kiln::Module::compile_text(engine, kWat).value_or_throw();
    kiln::Instance instance = kiln::Instance::create(store, module, kiln::Imports()).value_or_throw();
    kiln::Table table = *instance.get_table(store, "ops");
    auto apply = instance.get_func(store, "apply")->typed<int32_t(int32_t, int32_t, int32_t)>(store).value_or_throw();

    kiln::TableType type = table.type(store).value_or_throw();
    std::printf("table of %s, size %llu, maximum %llu\n", type.element.to_string().c_str(),
                static_cast<unsigned long long>(table.size(store)), static_cast<unsigned long long>(*type.maximum));
    std::printf("apply(0, 7, 5) = %d\n", apply.call(store, 0, 7, 5).value_or_throw());
    std::printf("apply(1, 7, 5) = %d\n", apply.call(store, 1, 7, 5).value_or_throw());

    // get: entry 0 is the exported "add".
    kiln::Val entry0 = table.get(store, 0).value_or_throw();
    std::printf("entry 0 is the export \"add\": %s\n", entry0.funcref() == instance.get_func(store, "add") ? "yes" : "no");

    // grow by 2 with null entries; calling a null entry traps.
    uint64_t old_size = table.grow(store, 2, kiln::Val::null(kiln::ValKind::FuncRef)).value_or_throw();
    std::printf("grew from %llu to %llu\n", static_cast<unsigned long long>(old_size),
                static_cast<unsigned long long>(table.size(store)));
    auto null_call = apply.call(store, 2, 7, 5);
    std::printf("apply(2, 7, 5): %s\n", null_call.ok() ? "ok" : null_call.error().message().c_str());

    // set: a host function in entry 2, a function of another type in entry 3.
    kiln::Func mul = kiln::Func::wrap(store, [](int32_t a, int32_t b) { return a * b; });
    table.set(store, 2, kiln::Val::funcref(mul)).value_or_throw();
    std::printf("apply(2, 7, 5) = %d (host function)\n", apply.call(store, 2, 7, 5).value_or_throw());
    kiln::Func neg = kiln::Func::wrap(store, [](int32_t a) { return -a; });
    table.set(store, 3, kiln::Val::funcref(neg)).value_or_throw();
    auto mismatch = apply.call(store, 3, 7, 5);
    std::printf("apply(3, 7, 5): %s\n", mismatch.ok() ? "ok" : mismatch.error().message().c_str());

    // Out of bounds, from the host and from wasm.
    auto host_oob = table.get(store, 4);
    std::printf("get(4): %s\n", host_oob.ok() ? "ok" : host_oob.error().message().c_str());
    auto wasm_oob = apply.call(store, 4, 7, 5);
    std::printf("apply(4, 7, 5): %s\n", wasm_oob.ok() ? "ok" : wasm_oob.error().message().c_str());
    return 0;
  } catch (const kiln::ApiException& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
