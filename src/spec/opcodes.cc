#include "spec/opcodes.h"

#include <array>
#include <string>
#include <unordered_map>

namespace kiln::core {

constinit const OpcodeInfo kOpcodeInfo[kOpcodeCount] = {
#define WASM_OP(name, prefix, code, text, imm, sig, feature) \
  {prefix, code, text, ImmKind::imm, Sig::sig, OpFeature::feature},
#include "spec/opcodes.def"
#undef WASM_OP
};

namespace {

constexpr std::array<int16_t, 256> make_single_byte_table() {
  std::array<int16_t, 256> t{};
  for (auto& v : t) v = -1;
  int16_t i = 0;
#define WASM_OP(name, prefix, code, text, imm, sig, feature) \
  if ((prefix) == 0) t[(code)] = i;                          \
  ++i;
#include "spec/opcodes.def"
#undef WASM_OP
  return t;
}

}  // namespace

const std::array<int16_t, 256> kSingleByteOpcodes = make_single_byte_table();

namespace {

struct Tables {
  std::unordered_map<uint32_t, Opcode> prefixed;  // (prefix << 24) | code
  std::unordered_map<std::string_view, Opcode> by_text;

  Tables() {
    for (size_t i = 0; i < kOpcodeCount; ++i) {
      const OpcodeInfo& oi = kOpcodeInfo[i];
      Opcode op = static_cast<Opcode>(i);
      if (oi.prefix != 0) {
        prefixed.emplace((static_cast<uint32_t>(oi.prefix) << 24) | oi.code, op);
      }
      by_text.emplace(oi.text, op);  // first wins: plain select before select t
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

bool cast_target_nullable(Opcode op) {
  return op == Opcode::RefTestNull || op == Opcode::RefCastNull || op == Opcode::RefCastDescEqNull;
}

Opcode with_nullable_target(Opcode op) {
  switch (op) {
    case Opcode::RefTest: return Opcode::RefTestNull;
    case Opcode::RefCast: return Opcode::RefCastNull;
    case Opcode::RefCastDescEq: return Opcode::RefCastDescEqNull;
    default: return op;
  }
}

namespace {

// natural_alignment from the instruction's name (for a table, computed once).
uint32_t alignment_from_name(Opcode op) {
  std::string_view name = info(op).text;
  std::string_view type = name.substr(0, name.find('.'));
  std::string_view rest = name.substr(name.find('.') + 1);
  if (rest.substr(0, 7) == "atomic.") rest = rest.substr(7);
  if (rest == "wait32" || rest == "notify") return 2;
  if (rest == "wait64") return 3;
  // A width in the name: load8_u, store16, rmw32.add_u, load8_lane, load32_zero, load8_splat.
  for (std::string_view word : {"load", "store", "rmw"}) {
    if (rest.substr(0, word.size()) != word) continue;
    std::string_view w = rest.substr(word.size());
    if (w.empty() || w[0] < '0' || w[0] > '9') break;
    if (w.find('x') != std::string_view::npos) return 3;  // load8x8_s, load16x4_u, load32x2_s
    if (w.substr(0, 2) == "16") return 1;
    if (w.substr(0, 2) == "32") return 2;
    if (w.substr(0, 2) == "64") return 3;
    return 0;
  }
  if (type == "v128") return 4;
  if (type == "i64" || type == "f64") return 3;
  return 2;
}

}  // namespace

uint32_t natural_alignment(Opcode op) {
  static const std::array<uint8_t, kOpcodeCount> table = [] {
    std::array<uint8_t, kOpcodeCount> t{};
    for (size_t i = 0; i < kOpcodeCount; ++i) t[i] = static_cast<uint8_t>(alignment_from_name(static_cast<Opcode>(i)));
    return t;
  }();
  return table[static_cast<size_t>(op)];
}

uint32_t lane_count(Opcode op) {
  const OpcodeInfo& oi = info(op);
  if (oi.imm == ImmKind::MemArgLane) return 16u >> natural_alignment(op);
  if (oi.imm != ImmKind::Lane) return 0;
  std::string_view shape = oi.text.substr(0, oi.text.find('.'));  // i8x16, f64x2 ...
  uint32_t lanes = 0;
  for (char c : shape.substr(shape.find('x') + 1)) lanes = lanes * 10 + static_cast<uint32_t>(c - '0');
  return lanes;
}

std::optional<Opcode> opcode_from_prefixed(uint8_t prefix, uint32_t code) {
  if (code > 0xFFFFFF) return std::nullopt;
  auto& m = tables().prefixed;
  auto it = m.find((static_cast<uint32_t>(prefix) << 24) | code);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

std::optional<Opcode> opcode_from_text(std::string_view text) {
  auto& m = tables().by_text;
  auto it = m.find(text);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

}  // namespace kiln::core
