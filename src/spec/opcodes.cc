#include "spec/opcodes.h"

#include <array>
#include <string>
#include <unordered_map>

namespace kiln {

const OpcodeInfo kOpcodeInfo[kOpcodeCount] = {
#define WASM_OP(name, prefix, code, text, imm, sig) {prefix, code, text, ImmKind::imm, Sig::sig},
#include "spec/opcodes.def"
#undef WASM_OP
};

namespace {

struct Tables {
  std::array<int16_t, 256> single;
  std::unordered_map<uint32_t, Opcode> prefixed;  // (prefix << 24) | code
  std::unordered_map<std::string_view, Opcode> by_text;

  Tables() {
    single.fill(-1);
    for (size_t i = 0; i < kOpcodeCount; ++i) {
      const OpcodeInfo& oi = kOpcodeInfo[i];
      Opcode op = static_cast<Opcode>(i);
      if (oi.prefix == 0) {
        single[oi.code] = static_cast<int16_t>(i);
      } else {
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

std::optional<Opcode> opcode_from_byte(uint8_t byte) {
  int16_t i = tables().single[byte];
  if (i < 0) return std::nullopt;
  return static_cast<Opcode>(i);
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

}  // namespace kiln
