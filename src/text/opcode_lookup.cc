#include "text/opcode_lookup.h"

#include <array>
#include <cstdint>

namespace kiln::text {

namespace {

constexpr size_t kSlots = 2048;  // a power of two, well above twice the opcode count
static_assert(kSlots >= 2 * kOpcodeCount);

uint32_t hash(std::string_view s) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (char c : s) {
    h ^= static_cast<uint8_t>(c);
    h *= 16777619u;
  }
  return h;
}

struct Table {
  std::array<int16_t, kSlots> slots;
  Table() {
    slots.fill(-1);
    for (size_t i = 0; i < kOpcodeCount; ++i) {
      std::string_view name = kOpcodeInfo[i].text;
      size_t s = hash(name) & (kSlots - 1);
      bool seen = false;  // a second opcode with the same name (select t): first wins
      while (slots[s] >= 0) {
        if (kOpcodeInfo[static_cast<size_t>(slots[s])].text == name) seen = true;
        s = (s + 1) & (kSlots - 1);
      }
      if (!seen) slots[s] = static_cast<int16_t>(i);
    }
  }
};

const Table& table() {
  static const Table t;
  return t;
}

}  // namespace

std::optional<Opcode> lookup_opcode(std::string_view name) {
  const Table& t = table();
  size_t s = hash(name) & (kSlots - 1);
  while (t.slots[s] >= 0) {
    auto i = static_cast<size_t>(t.slots[s]);
    if (kOpcodeInfo[i].text == name) return static_cast<Opcode>(i);
    s = (s + 1) & (kSlots - 1);
  }
  return std::nullopt;
}

}  // namespace kiln::text
