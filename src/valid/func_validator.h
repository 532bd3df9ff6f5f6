// Validation of function bodies (https://webassembly.github.io/spec/core/valid/instructions.html),
// with an optional sink that sees every instruction once it has type-checked: the
// interpreter's translator is such a sink, so validation and translation are one pass.
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "binary/instr.h"
#include "spec/features.h"
#include "spec/module.h"

namespace kiln::core {

// The resolved type of a block, loop or if.
struct BlockSig {
  std::vector<ValType> params;
  std::vector<ValType> results;
};

// Receives a function's instructions as they validate. `height` is the operand stack
// height (in values) before the instruction; `reachable` is false in code after an
// unconditional branch of the innermost block (the sink also sees nested blocks of such
// code and must treat them as dead itself). `sig` is set for Block, Loop and If.
class BodySink {
 public:
  virtual ~BodySink() = default;
  virtual void begin_function(uint32_t func_index, const FuncType& type,
                              const std::vector<ValType>& locals) = 0;
  virtual void instr(const Instr& in, uint32_t height, bool reachable, const BlockSig* sig) = 0;
  // After the final `end`; `max_height` is the largest operand stack height reached.
  virtual void end_function(uint32_t max_height) = 0;
};

// Facts about the module that all bodies share, computed once. `canonical` holds the
// canonical id of each type index (runtime/type_registry.h) for type equivalence; the
// module rules must have passed before it is computed.
struct ModuleContext {
  const Module& module;
  const Features& features;
  std::vector<bool> declared_refs;  // valid/func_refs.h
  std::vector<uint32_t> canonical;
  ModuleContext(const Module& m, const Features& f, std::vector<uint32_t> canonical_types);
};

// Validates the body of defined function `func_index` (an index in the function index
// space). Errors: ErrorKind::Invalid at the offending instruction, or Malformed for
// undecodable instructions.
Status validate_function(const ModuleContext& ctx, uint32_t func_index, BodySink* sink);

// The module rules (valid/module_rules.h) and then every function body, without
// translation; for the `validate` tool.
Status validate_module(const Module& m, const Features& f);

// The engine's name for a feature whose instructions it cannot run yet (nullptr when the
// instruction runs): such instructions fail validation with "unsupported instruction NAME
// (FEATURE is not implemented yet)", before the translator sees them.
const char* not_implemented(Opcode op);

}  // namespace kiln::core
