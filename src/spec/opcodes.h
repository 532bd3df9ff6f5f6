// Opcode enumeration and per-opcode facts, generated from opcodes.def.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kiln {

// Immediate operand kinds (https://webassembly.github.io/spec/core/binary/instructions.html).
enum class ImmKind : uint8_t {
  None,
  BlockType,     // s33: empty (0x40), a value type, or a type index
  Label,         // u32 label depth
  BrTable,       // vec(u32) labels, u32 default
  Func,          // u32 function index
  CallIndirect,  // u32 type index, u32 table index
  Local,         // u32 local index
  Global,        // u32 global index
  Table,         // u32 table index
  MemArg,        // u32 align (bit 6 set: a memory index follows), [u32 memory], u32/u64 offset
  Memory,        // u32 memory index (memory.size / memory.grow / memory.fill)
  I32,           // s32
  I64,           // s64
  F32,           // 4 bytes
  F64,           // 8 bytes
  SelectT,       // vec(valtype)
  HeapType,      // s33 heap type
  TableCopy,     // u32 dst table, u32 src table
  TableInit,     // u32 elem index, u32 table index
  MemoryCopy,    // u32 dst memory, u32 src memory
  MemoryInit,    // u32 data index, u32 memory index
  Data,          // u32 data index
  Elem,          // u32 elem index
};

// Operand signatures: letters before '_' are popped (first letter deepest), after are pushed.
// i=i32 l=i64 f=f32 d=f64 v=v128.
enum class Sig : uint8_t {
  Special,
  _i, _l, _f, _d,
  i_i, ii_i, l_i, ll_i, l_l, ll_l,
  f_f, ff_f, ff_i, d_d, dd_d, dd_i,
  f_i, d_i, i_l, f_l, d_l, i_f, l_f, d_f, i_d, l_d, f_d,
  LoadI, LoadL, LoadF, LoadD, StoreI, StoreL, StoreF, StoreD,
};

enum class Opcode : uint16_t {
#define WASM_OP(name, prefix, code, text, imm, sig) name,
#include "spec/opcodes.def"
#undef WASM_OP
  Count_
};

constexpr size_t kOpcodeCount = static_cast<size_t>(Opcode::Count_);

struct OpcodeInfo {
  uint8_t prefix;       // 0 or the prefix byte
  uint32_t code;        // the opcode byte or sub-opcode
  std::string_view text;
  ImmKind imm;
  Sig sig;
};

extern const OpcodeInfo kOpcodeInfo[kOpcodeCount];

inline const OpcodeInfo& info(Opcode op) { return kOpcodeInfo[static_cast<size_t>(op)]; }

// Decoding look-ups; nullopt for codes that are not instructions.
std::optional<Opcode> opcode_from_byte(uint8_t byte);  // single-byte opcodes only
std::optional<Opcode> opcode_from_prefixed(uint8_t prefix, uint32_t code);
inline bool is_prefix_byte(uint8_t b) { return b == 0xFB || b == 0xFC || b == 0xFD || b == 0xFE; }

// Text look-up ("i32.add" -> I32Add). Where two opcodes share a name (select), returns the
// plain one; the parser picks the typed form from its immediates.
std::optional<Opcode> opcode_from_text(std::string_view text);

}  // namespace kiln
