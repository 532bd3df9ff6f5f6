// Decoding of value, reference and heap types (https://webassembly.github.io/spec/core/binary/types.html).
// Shared by the section decoder and the instruction reader.
#pragma once

#include "base/reader.h"
#include "spec/features.h"
#include "spec/types.h"

namespace kiln::core {

// A heap type: an abstract type byte or a non-negative s33 type index.
Result<HeapType> read_heap_type(ByteReader& r, const Features& f);
// A value type, including the reference shorthands and (ref null? ht).
Result<ValType> read_val_type(ByteReader& r, const Features& f);
// A reference type only ("malformed reference type" otherwise).
Result<ValType> read_ref_type(ByteReader& r, const Features& f);

}  // namespace kiln::core
