#include "text/opcode_lookup.h"

#include <array>
#include <cstdint>

namespace kiln::core::text {

namespace {

constexpr size_t kSlots = 2048;  // a power of two, well above twice the opcode count
static_assert(kSlots >= 2 * kOpcodeCount);

constexpr uint32_t hash(std::string_view s) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (char c : s) {
    h ^= static_cast<uint8_t>(c);
    h *= 16777619u;
  }
  return h;
}

// The opcodes' names, from opcodes.def, usable at compile time (kOpcodeInfo is not here).
constexpr std::string_view kNames[kOpcodeCount] = {
#define WASM_OP(name, prefix, code, text, imm, sig, feature) text,
#include "spec/opcodes.def"
#undef WASM_OP
};

struct Table {
  std::array<int16_t, kSlots> slots;
};

// Built at compile time, so that no process pays for it.
constexpr Table make_table() {
  Table t{};
  t.slots.fill(-1);
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    std::string_view name = kNames[i];
    size_t s = hash(name) & (kSlots - 1);
    bool seen = false;  // a second opcode with the same name (select t): first wins
    while (t.slots[s] >= 0) {
      if (kNames[static_cast<size_t>(t.slots[s])] == name) seen = true;
      s = (s + 1) & (kSlots - 1);
    }
    if (!seen) t.slots[s] = static_cast<int16_t>(i);
  }
  return t;
}

constexpr Table kTable = make_table();

}  // namespace

std::optional<Opcode> lookup_opcode(std::string_view name) {
  const Table& t = kTable;
  size_t s = hash(name) & (kSlots - 1);
  while (t.slots[s] >= 0) {
    auto i = static_cast<size_t>(t.slots[s]);
    if (kOpcodeInfo[i].text == name) return static_cast<Opcode>(i);
    s = (s + 1) & (kSlots - 1);
  }
  return std::nullopt;
}

}  // namespace kiln::core::text
