// Small helpers to build module IR by hand in runtime tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "spec/module.h"

namespace kiln::core::test {

inline void leb_u(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
}

inline void leb_s(std::vector<uint8_t>& out, int64_t v) {
  while (true) {
    uint8_t b = v & 0x7F;
    v >>= 7;
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    out.push_back(done ? b : (b | 0x80));
    if (done) return;
  }
}

inline Expr i32_const(int32_t v) {
  Expr e;
  e.code.push_back(0x41);
  leb_s(e.code, v);
  e.code.push_back(0x0B);
  return e;
}

inline Expr ref_func(uint32_t f) {
  Expr e;
  e.code.push_back(0xD2);
  leb_u(e.code, f);
  e.code.push_back(0x0B);
  return e;
}

inline uint32_t add_type(Module& m, FuncType t) {
  SubType st;
  st.kind = CompositeKind::Func;
  st.func = std::move(t);
  m.types.push_back(std::move(st));
  return static_cast<uint32_t>(m.types.size() - 1);
}

inline void add_import(Module& m, Import im) {
  m.imports.push_back(std::move(im));
  m.count_imports();
}

inline Import memory_import(std::string mod, std::string name, uint64_t min, std::optional<uint64_t> max) {
  Import im;
  im.module = std::move(mod);
  im.name = std::move(name);
  im.kind = ExternKind::Memory;
  im.memory.limits.min = min;
  im.memory.limits.max = max;
  return im;
}

inline Import table_import(std::string mod, std::string name, uint64_t min, std::optional<uint64_t> max) {
  Import im;
  im.module = std::move(mod);
  im.name = std::move(name);
  im.kind = ExternKind::Table;
  im.table.elem = ValType::funcref();
  im.table.limits.min = min;
  im.table.limits.max = max;
  return im;
}

// A defined function with an empty body ([] -> [] unless `type` says otherwise).
inline void add_nop_func(Module& m, uint32_t type) {
  Function f;
  f.type = type;
  f.body.code = {0x0B};
  m.funcs.push_back(std::move(f));
}

inline DataSegment active_data(uint32_t offset, std::string bytes) {
  DataSegment d;
  d.mode = SegmentMode::Active;
  d.offset = i32_const(static_cast<int32_t>(offset));
  d.bytes.assign(bytes.begin(), bytes.end());
  return d;
}

}  // namespace kiln::core::test
