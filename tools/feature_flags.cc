#include "feature_flags.h"

namespace kiln::core::tools {

FlagResult apply_feature_flag(const std::string& arg, Features& features) {
  bool on;
  std::string name;
  if (arg.rfind("--enable-", 0) == 0) {
    on = true;
    name = arg.substr(9);
  } else if (arg.rfind("--disable-", 0) == 0) {
    on = false;
    name = arg.substr(10);
  } else {
    return FlagResult::NotAFeatureFlag;
  }
  if (name == "all") {  // --enable-all / --disable-all, as wabt spells it
    for (int i = 0; i < static_cast<int>(Feature::Count_); ++i) features.set(static_cast<Feature>(i), on);
    return FlagResult::Applied;
  }
  auto f = Features::from_flag(name);
  if (!f) return FlagResult::Unknown;
  features.set(*f, on);
  return FlagResult::Applied;
}

}  // namespace kiln::core::tools
