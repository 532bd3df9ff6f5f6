// WASI: the sock_* functions (being implemented; until then the module lacks them and a
// guest importing one fails to link with "unknown import").
#include "wasi/context.h"

namespace kiln::wasi {

const std::vector<FunctionDef>& sock_functions() {
  static const std::vector<FunctionDef> defs = {};
  return defs;
}

}  // namespace kiln::wasi
