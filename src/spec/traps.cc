#include "spec/traps.h"

namespace kiln::core {

const char* trap_message(TrapKind k) {
  static const char* const kMessages[] = {
#define WASM_TRAP(name, msg) msg,
#include "kiln/traps.def"
#undef WASM_TRAP
  };
  return kMessages[static_cast<int>(k)];
}

}  // namespace kiln::core
