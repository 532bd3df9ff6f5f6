// Trap kinds (generated from traps.def).
#pragma once

#include <cstdint>

namespace kiln::core {

enum class TrapKind : uint8_t {
#define WASM_TRAP(name, msg) name,
#include "kiln/traps.def"
#undef WASM_TRAP
};

// The spec's message for a trap kind, e.g. "integer divide by zero".
const char* trap_message(TrapKind k);

}  // namespace kiln::core
