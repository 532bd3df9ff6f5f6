#include "spec/features.h"

namespace kiln::core {

Features::Features() {
#define WASM_FEATURE(name, flag, def) set(Feature::name, def);
#include "spec/features.def"
#undef WASM_FEATURE
}

Features Features::all() {
  Features f;
  for (int i = 0; i < static_cast<int>(Feature::Count_); ++i) f.set(static_cast<Feature>(i));
  return f;
}

std::optional<Feature> Features::from_flag(std::string_view flag) {
#define WASM_FEATURE(name, fl, def) \
  if (flag == fl) return Feature::name;
#include "spec/features.def"
#undef WASM_FEATURE
  return std::nullopt;
}

}  // namespace kiln::core
