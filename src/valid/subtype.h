// The subtype relation on value and heap types
// (https://webassembly.github.io/spec/core/valid/matching.html). In 2.0 it is equality
// plus the validator's bottom type; the rules of 3.0 (abstract heap type hierarchy,
// declared supertypes of concrete types) are written here too so the checker needs no
// change when those features arrive.
#pragma once

#include <cstdint>
#include <vector>

#include "spec/module.h"
#include "spec/types.h"

namespace kiln::core {

// `canonical` (optional) holds the canonical id of each type index of `m`
// (runtime/type_registry.h): concrete types with equal ids are equivalent (iso-recursive
// equality); without it, concrete types match only by index.
bool is_subtype(const HeapType& a, const HeapType& b, const Module& m,
                const std::vector<uint32_t>* canonical = nullptr);
bool is_subtype(const ValType& a, const ValType& b, const Module& m,
                const std::vector<uint32_t>* canonical = nullptr);

}  // namespace kiln::core
