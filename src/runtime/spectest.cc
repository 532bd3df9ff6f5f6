#include "runtime/spectest.h"

#include <bit>
#include <cinttypes>

namespace kiln::core::rt {

namespace {

void print_value(std::FILE* out, ValType t, Slot s) {
  switch (t.kind) {
    case ValKind::I32: std::fprintf(out, "%" PRId32 " : i32\n", static_cast<int32_t>(s)); break;
    case ValKind::I64: std::fprintf(out, "%" PRId64 " : i64\n", static_cast<int64_t>(s)); break;
    case ValKind::F32:
      std::fprintf(out, "%.9g : f32\n", std::bit_cast<float>(static_cast<uint32_t>(s)));
      break;
    case ValKind::F64: std::fprintf(out, "%.17g : f64\n", std::bit_cast<double>(s)); break;
    default: std::fprintf(out, "0x%" PRIx64 " : %s\n", s, to_string(t).c_str()); break;
  }
}

GlobalInst* constant(Store& store, ValType t, Slot v) {
  GlobalInst* g = store.new_global(GlobalType{t, false});
  g->value[0] = v;
  return g;
}

}  // namespace

ExportMap make_spectest(Store& store, std::FILE* out) {
  ExportMap m;
  auto func = [&](const char* name, std::vector<ValType> params) {
    FuncType type{params, {}};
    HostCallback cb = [out, params](Store&, const Slot* args, Slot*) -> CallResult {
      if (out) {
        for (size_t i = 0; i < params.size(); ++i) print_value(out, params[i], args[i]);
        if (params.empty()) std::fprintf(out, "\n");
        std::fflush(out);
      }
      return Ok();
    };
    FuncInst* f = store.new_host_func(std::move(type), std::move(cb), std::string("spectest.") + name);
    m[name] = Extern{ExternKind::Func, f};
  };
  const ValType i32 = ValType::i32(), i64 = ValType::i64(), f32 = ValType::f32(), f64 = ValType::f64();
  func("print", {});
  func("print_i32", {i32});
  func("print_i64", {i64});
  func("print_f32", {f32});
  func("print_f64", {f64});
  func("print_i32_f32", {i32, f32});
  func("print_f64_f64", {f64, f64});

  m["global_i32"] = Extern{ExternKind::Global, constant(store, i32, 666)};
  m["global_i64"] = Extern{ExternKind::Global, constant(store, i64, 666)};
  m["global_f32"] = Extern{ExternKind::Global, constant(store, f32, std::bit_cast<uint32_t>(666.6f))};
  m["global_f64"] = Extern{ExternKind::Global, constant(store, f64, std::bit_cast<uint64_t>(666.6))};

  TableType tt;
  tt.elem = ValType::funcref();
  tt.limits.min = 10;
  tt.limits.max = 20;
  m["table"] = Extern{ExternKind::Table, store.new_table(tt, kNullRef)};
  TableType tt64 = tt;
  tt64.limits.is64 = true;
  m["table64"] = Extern{ExternKind::Table, store.new_table(tt64, kNullRef)};

  MemoryType mt;
  mt.limits.min = 1;
  mt.limits.max = 2;
  m["memory"] = Extern{ExternKind::Memory, store.new_memory(mt)};
  MemoryType shared = mt;
  shared.limits.shared = true;
  m["shared_memory"] = Extern{ExternKind::Memory, store.new_memory(shared)};
  return m;
}

}  // namespace kiln::core::rt
