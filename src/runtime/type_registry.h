// Engine-wide canonical type ids (https://webassembly.github.io/spec/core/valid/conventions.html#rolling-and-unrolling):
// two type indices, in the same or different modules, get the same id exactly when their
// types are equivalent (iso-recursive: same recursive group shape, same position).
// Thread-safe; ids are never reused.
#pragma once

#include <cstdint>
#include <vector>

#include "spec/module.h"

namespace kiln::core::rt {

// Canonical ids of all type indices of `m`, in order. Types must be valid.
std::vector<uint32_t> canonicalize_types(const Module& m);

// Whether canonical type `a` is `b` or declares it as a (transitive) supertype.
bool canonical_subtype(uint32_t a, uint32_t b);

// Canonical id of a function type that stands alone (a host function's type).
uint32_t canonical_func_type(const FuncType& t);

}  // namespace kiln::core::rt
