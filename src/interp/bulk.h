// Bulk memory and table instructions (https://webassembly.github.io/spec/core/exec/instructions.html#memory-instructions):
// each checks every bound before it writes anything, and returns false with `trap` set
// when it traps.
#pragma once

#include <cstdint>

#include "runtime/objects.h"

namespace kiln::core::interp {

bool memory_init(rt::ModuleInstance* inst, uint32_t data, uint32_t mem, uint64_t d, uint64_t s,
                 uint64_t n, TrapKind& trap);
bool memory_copy(rt::ModuleInstance* inst, uint32_t dst_mem, uint32_t src_mem, uint64_t d,
                 uint64_t s, uint64_t n, TrapKind& trap);
bool memory_fill(rt::ModuleInstance* inst, uint32_t mem, uint64_t d, uint8_t value, uint64_t n,
                 TrapKind& trap);
bool table_init(rt::ModuleInstance* inst, uint32_t elem, uint32_t table, uint64_t d, uint64_t s,
                uint64_t n, TrapKind& trap);
bool table_copy(rt::ModuleInstance* inst, uint32_t dst_table, uint32_t src_table, uint64_t d,
                uint64_t s, uint64_t n, TrapKind& trap);
bool table_fill(rt::ModuleInstance* inst, uint32_t table, uint64_t i, rt::Ref value, uint64_t n,
                TrapKind& trap);

}  // namespace kiln::core::interp
