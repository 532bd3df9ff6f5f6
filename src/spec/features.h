// The set of enabled WebAssembly features (generated from features.def).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kiln::core {

enum class Feature : uint8_t {
#define WASM_FEATURE(name, flag, def) name,
#include "spec/features.def"
#undef WASM_FEATURE
  Count_
};

class Features {
 public:
  Features();  // the defaults of features.def
  bool has(Feature f) const { return bits_ & (1ull << static_cast<int>(f)); }
  void set(Feature f, bool on = true) {
    if (on) bits_ |= 1ull << static_cast<int>(f);
    else bits_ &= ~(1ull << static_cast<int>(f));
  }
  static Features all();
  static std::optional<Feature> from_flag(std::string_view flag);

 private:
  uint64_t bits_ = 0;
};

}  // namespace kiln::core
