#include "interp/bulk.h"

#include <algorithm>
#include <cstring>

namespace kiln::core::interp {

namespace {

// [start, start + n) lies within [0, size).
bool in_bounds(uint64_t start, uint64_t n, uint64_t size) {
  return start <= size && n <= size - start;
}

}  // namespace

bool memory_init(rt::ModuleInstance* inst, uint32_t data, uint32_t mem, uint64_t d, uint64_t s,
                 uint64_t n, TrapKind& trap) {
  rt::MemoryInst* m = inst->memories[mem];
  const rt::DataInst& seg = inst->datas[data];
  if (!in_bounds(s, n, seg.size) || !in_bounds(d, n, m->size)) {
    trap = TrapKind::MemoryOutOfBounds;
    return false;
  }
  if (n) std::memcpy(m->data + d, seg.bytes + s, n);
  return true;
}

bool memory_copy(rt::ModuleInstance* inst, uint32_t dst_mem, uint32_t src_mem, uint64_t d,
                 uint64_t s, uint64_t n, TrapKind& trap) {
  rt::MemoryInst* dm = inst->memories[dst_mem];
  rt::MemoryInst* sm = inst->memories[src_mem];
  if (!in_bounds(s, n, sm->size) || !in_bounds(d, n, dm->size)) {
    trap = TrapKind::MemoryOutOfBounds;
    return false;
  }
  if (n) std::memmove(dm->data + d, sm->data + s, n);
  return true;
}

bool memory_fill(rt::ModuleInstance* inst, uint32_t mem, uint64_t d, uint8_t value, uint64_t n,
                 TrapKind& trap) {
  rt::MemoryInst* m = inst->memories[mem];
  if (!in_bounds(d, n, m->size)) {
    trap = TrapKind::MemoryOutOfBounds;
    return false;
  }
  if (n) std::memset(m->data + d, value, n);
  return true;
}

bool table_init(rt::ModuleInstance* inst, uint32_t elem, uint32_t table, uint64_t d, uint64_t s,
                uint64_t n, TrapKind& trap) {
  rt::TableInst* t = inst->tables[table];
  const rt::ElemInst& seg = inst->elems[elem];
  if (!in_bounds(s, n, seg.refs.size()) || !in_bounds(d, n, t->elems.size())) {
    trap = TrapKind::TableOutOfBounds;
    return false;
  }
  std::copy_n(seg.refs.begin() + static_cast<ptrdiff_t>(s), n,
              t->elems.begin() + static_cast<ptrdiff_t>(d));
  return true;
}

bool table_copy(rt::ModuleInstance* inst, uint32_t dst_table, uint32_t src_table, uint64_t d,
                uint64_t s, uint64_t n, TrapKind& trap) {
  rt::TableInst* dt = inst->tables[dst_table];
  rt::TableInst* st = inst->tables[src_table];
  if (!in_bounds(s, n, st->elems.size()) || !in_bounds(d, n, dt->elems.size())) {
    trap = TrapKind::TableOutOfBounds;
    return false;
  }
  if (n) std::memmove(dt->elems.data() + d, st->elems.data() + s, n * sizeof(rt::Ref));
  return true;
}

bool table_fill(rt::ModuleInstance* inst, uint32_t table, uint64_t i, rt::Ref value, uint64_t n,
                TrapKind& trap) {
  rt::TableInst* t = inst->tables[table];
  if (!in_bounds(i, n, t->elems.size())) {
    trap = TrapKind::TableOutOfBounds;
    return false;
  }
  std::fill_n(t->elems.begin() + static_cast<ptrdiff_t>(i), n, value);
  return true;
}

}  // namespace kiln::core::interp
