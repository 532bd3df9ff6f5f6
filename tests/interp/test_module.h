// Test helpers: modules built directly in IR form, and a minimal instantiation (defined
// functions, memories, tables, globals with constant initializers, active segments) so the
// interpreter can be tested without the runtime's linker.
#pragma once

#include <cstdint>
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "binary/instr.h"
#include "interp/interp.h"
#include "runtime/store.h"

namespace kiln::core::testing {

using Code = std::vector<uint8_t>;

inline ValType I32() { return ValType::i32(); }
inline ValType I64() { return ValType::i64(); }
inline ValType F32() { return ValType::f32(); }
inline ValType F64() { return ValType::f64(); }

// LEB128 encodings for hand-written code.
inline Code uleb(uint64_t v) {
  Code c;
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    c.push_back(b);
  } while (v);
  return c;
}
inline Code sleb(int64_t v) {
  Code c;
  while (true) {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) {
      c.push_back(b);
      return c;
    }
    c.push_back(b | 0x80);
  }
}
inline Code cat(std::initializer_list<Code> parts) {
  Code c;
  for (const Code& p : parts) c.insert(c.end(), p.begin(), p.end());
  return c;
}
inline Code i32c(int32_t v) { return cat({{0x41}, sleb(v)}); }
inline Code i64c(int64_t v) { return cat({{0x42}, sleb(v)}); }

struct ModuleBuilder {
  Module m;

  uint32_t type(std::vector<ValType> params, std::vector<ValType> results) {
    SubType t;
    t.func.params = std::move(params);
    t.func.results = std::move(results);
    m.types.push_back(std::move(t));
    m.rec_groups.push_back({static_cast<uint32_t>(m.types.size() - 1), 1});
    return static_cast<uint32_t>(m.types.size() - 1);
  }
  // `body` without its final `end`, which is appended. Returns the function index.
  uint32_t func(uint32_t type_index, Code body, std::vector<LocalDecl> locals = {}) {
    Function f;
    f.type = type_index;
    for (const LocalDecl& d : locals) f.num_locals += d.count;
    f.locals = std::move(locals);
    body.push_back(0x0B);
    f.body.code = std::move(body);
    m.funcs.push_back(std::move(f));
    return m.total_funcs() - 1;
  }
  uint32_t import_func(uint32_t type_index) {
    Import im;
    im.module = "host";
    im.name = "f" + std::to_string(m.imports.size());
    im.kind = ExternKind::Func;
    im.func_type = type_index;
    m.imports.push_back(std::move(im));
    m.count_imports();
    return m.num_imported_funcs - 1;
  }
  void memory(uint64_t min, std::optional<uint64_t> max = std::nullopt, bool is64 = false) {
    MemoryType t;
    t.limits.min = min;
    t.limits.max = max;
    t.limits.is64 = is64;
    m.memories.push_back(t);
  }
  void table(uint64_t min, ValType elem = ValType::funcref()) {
    Table t;
    t.type.elem = elem;
    t.type.limits.min = min;
    m.tables.push_back(std::move(t));
  }
  uint32_t global(ValType type, bool mut, Code init) {
    Global g;
    g.type = {type, mut};
    init.push_back(0x0B);
    g.init.code = std::move(init);
    m.globals.push_back(std::move(g));
    return m.total_globals() - 1;
  }
  // An active segment of function indices at `offset` in table 0 (or a passive one).
  void elem(std::vector<uint32_t> funcs, std::optional<int32_t> offset) {
    ElemSegment s;
    s.mode = offset ? SegmentMode::Active : SegmentMode::Passive;
    if (offset) s.offset.code = cat({i32c(*offset), {0x0B}});
    for (uint32_t f : funcs) s.items.push_back(Expr{cat({{0xD2}, uleb(f), {0x0B}}), 0});
    s.func_indices = true;
    m.elems.push_back(std::move(s));
  }
  void data(Code bytes, std::optional<int32_t> offset) {
    DataSegment d;
    d.mode = offset ? SegmentMode::Active : SegmentMode::Passive;
    if (offset) d.offset.code = cat({i32c(*offset), {0x0B}});
    d.bytes = std::move(bytes);
    m.datas.push_back(std::move(d));
    m.data_count = static_cast<uint32_t>(m.datas.size());
  }
  void export_func(std::string name, uint32_t f) { m.exports.push_back({std::move(name), ExternKind::Func, f}); }
};

// A compiled and instantiated module in its own Store.
struct TestInstance {
  rt::Store store;
  std::shared_ptr<const rt::CompiledModule> compiled;
  rt::ModuleInstance* inst = nullptr;

  explicit TestInstance(rt::StoreLimits limits = {}) : store(limits) {}

  // Calls function `f` with `args`; results on success.
  Result<std::vector<rt::Slot>> call(uint32_t f, std::vector<rt::Slot> args) {
    rt::FuncInst* fn = inst->funcs[f];
    std::vector<rt::Slot> results(fn->type->results.size());
    rt::CallResult r = interp::invoke(store, fn, args.data(), results.data());
    if (!r.ok()) return std::move(r).error();
    return results;
  }
  // The single result, or the error message.
  std::string call_msg(uint32_t f, std::vector<rt::Slot> args) {
    auto r = call(f, std::move(args));
    return r.ok() ? "ok" : r.error().message;
  }
};


// Value of a constant expression made of one i32/i64 const or ref.func (tests only).
inline rt::Slot eval_const(const Expr& e, rt::ModuleInstance* inst) {
  Features f;
  ByteReader r(e.code.data(), e.code.size());
  InstrReader ir(r, f);
  auto in = ir.read();
  if (!in.ok()) return 0;
  if (in->op == Opcode::RefFunc) return reinterpret_cast<rt::Slot>(inst->funcs[in->a]);
  if (in->op == Opcode::I32Const) return static_cast<uint32_t>(in->bits);
  return in->bits;
}

// Compiles and instantiates `m`; imported functions are taken from `host` in order.
inline Result<std::unique_ptr<TestInstance>> instantiate(Module m, std::vector<rt::HostCallback> host = {},
                                                         rt::StoreLimits limits = {},
                                                         Features features = Features(),
                                                         interp::CompileOptions options = {}) {
  KILN_ASSIGN(auto compiled, interp::compile(std::move(m), features, options));
  auto ti = std::make_unique<TestInstance>(limits);
  ti->compiled = compiled;
  const Module& mod = compiled->module;
  rt::ModuleInstance* inst = ti->store.new_instance();
  ti->inst = inst;
  inst->module = compiled;
  for (uint32_t i = 0; i < mod.num_imported_funcs; ++i) {
    inst->funcs.push_back(ti->store.new_host_func(mod.func_type(i), host.at(i), "host"));
  }
  for (uint32_t i = 0; i < mod.funcs.size(); ++i) {
    rt::FuncInst* f = ti->store.new_func();
    f->type = &mod.functype(mod.funcs[i].type);
    f->canonical_type = compiled->canonical_types[mod.funcs[i].type];
    f->instance = inst;
    f->index = mod.num_imported_funcs + i;
    f->code = interp::function_code(*compiled, i);
    inst->funcs.push_back(f);
  }
  for (const MemoryType& t : mod.memories) inst->memories.push_back(ti->store.new_memory(t));
  for (const Table& t : mod.tables) inst->tables.push_back(ti->store.new_table(t.type, 0));
  for (const Global& g : mod.globals) {
    rt::GlobalInst* gi = ti->store.new_global(g.type);
    gi->value[0] = eval_const(g.init, inst);
    inst->globals.push_back(gi);
  }
  for (const ElemSegment& s : mod.elems) {
    rt::ElemInst e;
    e.type = s.type;
    for (const Expr& item : s.items) e.refs.push_back(eval_const(item, inst));
    if (s.mode == SegmentMode::Active) {
      uint32_t off = static_cast<uint32_t>(eval_const(s.offset, inst));
      for (size_t i = 0; i < e.refs.size(); ++i) inst->tables[s.table]->elems.at(off + i) = e.refs[i];
    }
    if (s.mode != SegmentMode::Passive) e.refs.clear();
    inst->elems.push_back(std::move(e));
  }
  for (const DataSegment& d : mod.datas) {
    rt::DataInst di{d.bytes.data(), d.bytes.size()};
    if (d.mode == SegmentMode::Active) {
      uint32_t off = static_cast<uint32_t>(eval_const(d.offset, inst));
      std::copy(d.bytes.begin(), d.bytes.end(), inst->memories[d.memory]->data + off);
      di.size = 0;
    }
    inst->datas.push_back(di);
  }
  return ti;
}

}  // namespace kiln::core::testing
