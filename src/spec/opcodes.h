// Opcode enumeration and per-opcode facts, generated from opcodes.def.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "spec/features.h"

namespace kiln::core {

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
  V128,          // 16 bytes (v128.const)
  Shuffle,       // 16 lane index bytes (i8x16.shuffle)
  Lane,          // one lane index byte (extract_lane / replace_lane)
  MemArgLane,    // a MemArg, then a lane index byte (v128.load8_lane ...)
  Type,          // u32 type index (call_ref, struct.new, array.get ...)
  TypeField,     // u32 type index, u32 field index (struct.get ...)
  TypeCount,     // u32 type index, u32 operand count (array.new_fixed)
  TypeData,      // u32 type index, u32 data index (array.new_data, array.init_data)
  TypeElem,      // u32 type index, u32 elem index (array.new_elem, array.init_elem)
  TypeType,      // u32 dst type index, u32 src type index (array.copy)
  Tag,           // u32 tag index (throw, catch)
  CastType,      // s33 heap type; the opcode says whether the reference type is nullable
  BrOnCast,      // flags byte (bit 0: source nullable, bit 1: target nullable), u32 label,
                 // two heap types
  TryTable,      // block type, vec(catch clause)
  ZeroByte,      // one reserved 0x00 byte (atomic.fence)
};

// Operand signatures: letters before '_' are popped (first letter deepest), after are pushed.
// i=i32 l=i64 f=f32 d=f64 v=v128. The plain ones are named by their letters (sig_letters).
#define KILN_PLAIN_SIGS(X)                                                                   \
  X(_i) X(_l) X(_f) X(_d)                                                                    \
  X(i_i) X(ii_i) X(l_i) X(ll_i) X(l_l) X(ll_l)                                               \
  X(f_f) X(ff_f) X(ff_i) X(d_d) X(dd_d) X(dd_i)                                              \
  X(f_i) X(d_i) X(i_l) X(f_l) X(d_l) X(i_f) X(l_f) X(d_f) X(i_d) X(l_d) X(f_d)               \
  X(_v) X(v_v) X(vv_v) X(vvv_v) X(v_i) X(v_l) X(v_f) X(v_d) X(i_v) X(l_v) X(f_v) X(d_v)      \
  X(vi_v) X(vl_v) X(vf_v) X(vd_v)
enum class Sig : uint8_t {
  Special,
#define KILN_SIG_ENUM(name) name,
  KILN_PLAIN_SIGS(KILN_SIG_ENUM)
#undef KILN_SIG_ENUM
  LoadI, LoadL, LoadF, LoadD, StoreI, StoreL, StoreF, StoreD,
  LoadV, StoreV,
};

// The operand letters of a plain signature: vi_v pops "vi" (the v deepest) and pushes "v".
// Empty for Special and the loads and stores.
struct SigLetters {
  std::string_view pops, pushes;
};
namespace detail {
constexpr SigLetters letters_of_name(Sig s) {
  switch (s) {
#define KILN_SIG_CASE(name)                                          \
  case Sig::name: {                                                  \
    std::string_view n = #name;                                      \
    return {n.substr(0, n.find('_')), n.substr(n.find('_') + 1)};    \
  }
    KILN_PLAIN_SIGS(KILN_SIG_CASE)
#undef KILN_SIG_CASE
    default:
      return {};
  }
}
constexpr size_t kSigCount = static_cast<size_t>(Sig::StoreV) + 1;
// Worked out at compile time: the validator and translator look a signature up per
// instruction.
constexpr std::array<SigLetters, kSigCount> make_sig_letters() {
  std::array<SigLetters, kSigCount> t{};
  for (size_t i = 0; i < kSigCount; ++i) t[i] = letters_of_name(static_cast<Sig>(i));
  return t;
}
inline constexpr std::array<SigLetters, kSigCount> kSigLetters = make_sig_letters();
}  // namespace detail

constexpr SigLetters sig_letters(Sig s) { return detail::kSigLetters[static_cast<size_t>(s)]; }

enum class Opcode : uint16_t {
#define WASM_OP(name, prefix, code, text, imm, sig, feature) name,
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
  Feature feature;      // kMvp for the instructions of WebAssembly 1.0
};

// The feature column of opcodes.def: `Mvp` or a Feature of features.def.
constexpr Feature kMvp = Feature::Count_;
struct OpFeature {
  static constexpr Feature Mvp = kMvp;
#define WASM_FEATURE(name, flag, def) static constexpr Feature name = Feature::name;
#include "spec/features.def"
#undef WASM_FEATURE
};

extern const OpcodeInfo kOpcodeInfo[kOpcodeCount];

inline const OpcodeInfo& info(Opcode op) { return kOpcodeInfo[static_cast<size_t>(op)]; }

// Whether the instruction exists with these features enabled.
inline bool opcode_enabled(Opcode op, const Features& f) {
  Feature need = info(op).feature;
  return need == kMvp || f.has(need);
}

// CastType instructions come in pairs (ref.test, ref.cast, ref.cast_desc_eq): the second
// opcode of a pair takes a nullable target type.
bool cast_target_nullable(Opcode op);
// The nullable-target opcode of a CastType instruction's pair (itself if it is one).
Opcode with_nullable_target(Opcode op);

// log2 of the natural alignment of a memory access (its width in bytes), from the
// instruction's name (https://webassembly.github.io/spec/core/valid/instructions.html#memory-instructions).
uint32_t natural_alignment(Opcode op);

// The number of lanes a lane index of the instruction selects from: 16 for i8x16.*_lane and
// v128.load8_lane, 2 for f64x2.extract_lane and v128.store64_lane, ...; 0 for instructions
// without a lane immediate.
uint32_t lane_count(Opcode op);

// Decoding look-ups; nullopt for codes that are not instructions.
// Single-byte opcode -> Opcode index, -1 where the byte is no instruction (built at compile
// time from opcodes.def; inline because every instruction read goes through it).
extern const std::array<int16_t, 256> kSingleByteOpcodes;
inline std::optional<Opcode> opcode_from_byte(uint8_t byte) {  // single-byte opcodes only
  int16_t i = kSingleByteOpcodes[byte];
  if (i < 0) return std::nullopt;
  return static_cast<Opcode>(i);
}
std::optional<Opcode> opcode_from_prefixed(uint8_t prefix, uint32_t code);
inline bool is_prefix_byte(uint8_t b) { return b == 0xFB || b == 0xFC || b == 0xFD || b == 0xFE; }

// Text look-up ("i32.add" -> I32Add). Where two opcodes share a name (select), returns the
// plain one; the parser picks the typed form from its immediates.
std::optional<Opcode> opcode_from_text(std::string_view text);

}  // namespace kiln::core
