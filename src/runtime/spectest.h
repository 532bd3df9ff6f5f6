// The `spectest` host module the test scripts import from, as the reference interpreter
// defines it (https://github.com/WebAssembly/spec/tree/main/interpreter#spectest-host-module):
// print functions, global_i32/i64/f32/f64 (666 / 666.6), a table of 10..20 funcrefs and a
// memory of 1..2 pages (plus table64 and shared_memory for the 3.0 and threads tests).
#pragma once

#include <cstdio>

#include "runtime/linker.h"
#include "runtime/store.h"

namespace kiln::core::rt {

// Allocates the spectest objects in `store`. The print functions write their arguments to
// `out` ("42 : i32", one line per value, as the reference interpreter does), or nothing
// when `out` is null.
ExportMap make_spectest(Store& store, std::FILE* out = nullptr);

}  // namespace kiln::core::rt
