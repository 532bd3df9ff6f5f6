// The interpreter's compact code (DESIGN.md decision 4): a stream of 32-bit words, each
// instruction an opcode word followed by its operands. Operands are frame slots: a
// function's frame holds its parameters, then its other locals, then one slot per
// WebAssembly operand-stack position, whose height is known statically at every
// instruction. Branch targets are resolved word offsets; constants are inline.
#pragma once

#include <cstdint>
#include <vector>

namespace kiln::core::interp {

// The scalar loads and stores, which also have a short form for memory 0 (iops.def).
#define KILN_SCALAR_MEMORY_OPS(X)                                                        \
  X(I32Load) X(I64Load) X(F32Load) X(F64Load) X(I32Load8S) X(I32Load8U) X(I32Load16S)     \
  X(I32Load16U) X(I64Load8S) X(I64Load8U) X(I64Load16S) X(I64Load16U) X(I64Load32S)       \
  X(I64Load32U) X(I32Store) X(I64Store) X(F32Store) X(F64Store) X(I32Store8) X(I32Store16) \
  X(I64Store8) X(I64Store16) X(I64Store32)

// WebAssembly opcodes (reused where the translation keeps their meaning) and the
// interpreter's own (iops.def).
enum class IOp : uint32_t {
#define WASM_OP(name, prefix, code, text, imm, sig, feature) name,
#include "spec/opcodes.def"
#undef WASM_OP
#define IOP(name) name,
#include "interp/iops.def"
#undef IOP
  Count_
};

using Word = uint32_t;

// The memory-0 form of scalar load or store `op` (KILN_SCALAR_MEMORY_OPS), or IOp::Count_.
constexpr IOp memory0_form(IOp op) {
  switch (op) {
#define KILN_M0_CASE(name) \
  case IOp::name:          \
    return IOp::name##M0;
    KILN_SCALAR_MEMORY_OPS(KILN_M0_CASE)
#undef KILN_M0_CASE
    default:
      return IOp::Count_;
  }
}

// The form of memory-0 load or store `op` (KILN_SCALAR_MEMORY_OPS) whose address is the
// sum of two i32 operands (an i32.add fused into it), or IOp::Count_.
constexpr IOp memory0_add_form(IOp op) {
  switch (op) {
#define KILN_M0A_CASE(name) \
  case IOp::name:           \
    return IOp::name##M0A;
    KILN_SCALAR_MEMORY_OPS(KILN_M0A_CASE)
#undef KILN_M0A_CASE
    default:
      return IOp::Count_;
  }
}

// Memory and table index operands carry this bit when the memory or table has 64-bit
// addresses (memory64 / table64); the low bits are the index.
constexpr Word kIs64 = 0x80000000u;

// One translated function. Frame layout: [0, num_params) parameters, [num_params,
// num_locals) declared locals (zeroed on entry), the function's constants from const_base
// (copied from `consts` on entry), then operand slots up to frame_slots. A callee's frame
// starts within its caller's operand slots. Results are returned in slots [0, num_results).
struct FunctionCode {
  std::vector<Word> code;
  // Where the code came from, for backtraces: for each instruction that can trap or call,
  // and each branch back to a loop (a fuel and interruption check point), the position of
  // its first code word and its byte offset from the function's first instruction; in
  // increasing position. The instruction at code position p is the last entry at or
  // before p (source_offset).
  struct Source {
    uint32_t pos;
    uint32_t offset;
  };
  // The entries packed (encode_sources): a few bytes each instead of eight, as large
  // modules have millions and only a trap reads them.
  std::vector<uint8_t> sources;
  // The byte offset of the instruction at code position `pos` (0 before the first entry).
  uint32_t source_offset(size_t pos) const;
  uint32_t func_index = 0;   // in the module's function index space
  size_t body_offset = 0;    // module offset of the first instruction; 0 from text
  uint32_t locals_size = 0;  // bytes of the local declarations before it

  std::vector<uint64_t> consts;
  uint32_t num_params = 0;
  uint32_t num_locals = 0;
  uint32_t num_results = 0;
  uint32_t const_base = 0;
  uint32_t frame_slots = 0;
};

// Packs `entries` (in increasing position) for FunctionCode::sources: for each, the
// position's increase and the offset's change (zigzag), as unsigned LEB128.
std::vector<uint8_t> encode_sources(const std::vector<FunctionCode::Source>& entries);
// The entries back, for tests.
std::vector<FunctionCode::Source> decode_sources(const std::vector<uint8_t>& packed);

// All translated bodies of a module, indexed by defined-function position.
struct ModuleCode {
  std::vector<FunctionCode> funcs;
};

}  // namespace kiln::core::interp
